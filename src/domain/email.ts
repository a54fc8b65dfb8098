// What counts as an e-mail address: the same rule as the `email` format of the HTTP schemas
// (ajv-formats' full format), so a value the API would accept as an address is one here too.
import { fullFormats } from 'ajv-formats/dist/formats.js';

const EMAIL = fullFormats.email as RegExp;

export const isEmailAddress = (value: string): boolean => value.length <= 320 && EMAIL.test(value);
