import { defineAppServer } from '../define-server';
import { webhookApp } from './app';

// The trigger runs nothing: lib/ingest accepts its events and the engine starts after it.
export const webhookServer = defineAppServer(webhookApp, {});
