import { defineApp } from '../define';
import { crmUpsertContact } from './upsert-contact';

// The built-in CRM (lib/contacts): no connection, the contacts live in Switchboard.
export const contactsApp = defineApp({
  id: 'contacts',
  name: 'Contacts',
  icon: 'contact',
  steps: [crmUpsertContact],
});
