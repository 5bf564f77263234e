'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { api, errorText } from '@/lib/api/client';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button, LinkButton } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ContactIcon } from '@/components/ui/icons';
import { Input } from '@/components/ui/input';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import type { ContactView } from '@/lib/contacts/contact-view';

type Page = { items: ContactView[]; nextCursor: string | null };

export function ContactList({ initial }: { initial: Page }) {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(initial);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // Search as the user types, a moment after the last key.
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const res = await api('GET /contacts', { query: { limit: 50, search: search.trim() } });
        setError(null);
        setPage(res);
      } catch (err) {
        setError(errorText(err, 'Could not search contacts.'));
      } finally {
        setLoading(false);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  async function more() {
    if (!page.nextCursor) return;
    setLoading(true);
    try {
      const next = await api('GET /contacts', {
        query: { limit: 50, cursor: page.nextCursor, search: search.trim() },
      });
      setPage((p) => ({ items: [...p.items, ...next.items], nextCursor: next.nextCursor }));
    } catch (err) {
      setError(errorText(err, 'Could not load more contacts.'));
    } finally {
      setLoading(false);
    }
  }

  if (!initial.items.length && !search && !page.items.length) {
    return (
      <EmptyState
        icon={<ContactIcon />}
        title="No contacts yet"
        action={
          <LinkButton href="/flows" variant="secondary">
            Go to flows
          </LinkButton>
        }
      >
        Contacts are created by the “Add contact to CRM” step. Add it to a flow after your webhook trigger and new leads
        will show up here.
      </EmptyState>
    );
  }

  return (
    <div className="space-y-4">
      <div className="max-w-sm">
        <Input
          type="search"
          aria-label="Search contacts"
          placeholder="Search by name or email"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {page.items.length === 0 ? (
        <p className="text-sm text-slate-500">{loading ? 'Searching…' : `No contact matches “${search}”.`}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <Table>
            <THead>
              <Tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Company</Th>
                <Th>Tags</Th>
                <Th>Updated</Th>
              </Tr>
            </THead>
            <TBody>
              {page.items.map((c) => (
                <Tr key={c.id}>
                  <Td className="font-medium text-slate-900">
                    <Link href={`/contacts/${c.id}`} className="hover:underline">
                      {c.name || '—'}
                    </Link>
                  </Td>
                  <Td>
                    <Link href={`/contacts/${c.id}`} className="text-brand-700 hover:underline">
                      {c.email}
                    </Link>
                  </Td>
                  <Td className="text-slate-600">{c.company ?? '—'}</Td>
                  <Td>
                    <span className="flex flex-wrap gap-1">
                      {c.tags.map((t) => (
                        <Badge key={t}>{t}</Badge>
                      ))}
                    </span>
                  </Td>
                  <Td className="text-slate-500">
                    <LocalTime value={c.updatedAt} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}
      {page.nextCursor && (
        <div className="flex justify-center">
          <Button variant="secondary" loading={loading} onClick={() => void more()}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}
