import { defineAppServer } from '../define-server';
import { contactsApp } from './app';
import { runCrmUpsertContact } from './upsert-contact.run';

export const contactsServer = defineAppServer(contactsApp, { runs: [runCrmUpsertContact] });
