import { ContactIcon, FlowIcon, PlugIcon, RunIcon, SettingsIcon } from '@/components/ui/icons';

export const navItems = [
  { href: '/flows', label: 'Flows', icon: FlowIcon },
  { href: '/runs', label: 'Runs', icon: RunIcon },
  { href: '/contacts', label: 'Contacts', icon: ContactIcon },
  { href: '/connections', label: 'Connections', icon: PlugIcon },
  { href: '/settings', label: 'Settings', icon: SettingsIcon },
] as const;
