// The input schemas of the units' personal-link routes (/r/:token...), validated by Fastify through
// fastify-type-provider-zod, and their answer to input that fails them. The posted forms are declared
// here only as what they are on the wire (text fields, each sent once): what the fields mean depends on
// the cycle (its figures), the obligation (its deadline) and the form (report or nothing to report), so
// web/portal/submission-form.ts and extension-form.ts turn them into domain values and messages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { InputPart } from '../invalid-input.ts';
import { invalidLink } from './invalid-link.ts';
import type { LoadedObligation } from './load.ts';

/** A personal link's token: anything else (too long) is a bad link like any other. */
export const LinkParams = z.object({ token: z.string().max(200) });

/** A url-encoded form: text fields, each given once (a repeated field is a forged form). */
export const PostedFields = z.record(z.string(), z.string());

/**
 * The answer of a personal-link route to input that fails its schema: a bad link (or one that opens
 * nothing) gets the invalid-link page; a bad form on a good link gets `badForm`, the page again with
 * its message.
 */
export function unitInvalidInput(
  load: (token: string) => Promise<LoadedObligation | null>,
  badForm: (req: FastifyRequest, reply: FastifyReply, token: string, o: LoadedObligation) => FastifyReply,
) {
  return async (req: FastifyRequest, reply: FastifyReply, part: InputPart) => {
    if (part === 'params') return invalidLink(reply);
    const { token } = req.params as z.infer<typeof LinkParams>; // params are validated before the body
    const o = await load(token);
    return o ? badForm(req, reply, token, o) : invalidLink(reply);
  };
}
