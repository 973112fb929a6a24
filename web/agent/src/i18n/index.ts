import { en } from './en.ts';

/** The message catalogue in use: all text the app shows comes from here. */
export const messages = en;
