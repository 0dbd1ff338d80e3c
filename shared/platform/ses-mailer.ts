import { SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { requireEnv } from './env.ts';
import { localAdapter } from './local-adapters.ts';
import type { Mail, Mailer } from './mail-port.ts';
import { MAIL_CONFIGURATION_SET_ENV, MAIL_FROM_ENV } from './manifest-types.ts';
import { toIssues } from './validation.ts';
import * as z from './zod.ts';

/** SES v2 takes at most 50 recipients per message. */
export const MAX_MAIL_RECIPIENTS = 50;

// What a mail of counts and links never needs: an e-mail address, or a phone number (international, or
// a Finnish national one starting with 0) standing on its own; ids inside links and UUIDs do not match.
const EMAIL_IN_TEXT = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;
const PHONE_IN_TEXT = /(?<![\w/.=-])(?:\+\d|0\d)[\d ]{6,14}\d(?![\w-])/;
const noPersonalData = z.refine<string>(
  (s: string) => !EMAIL_IN_TEXT.test(s) && !PHONE_IN_TEXT.test(s),
  'must not contain an e-mail address or a phone number',
);

const mailSchema = z.strictObject({
  to: z.array(z.email()).check(z.minLength(1), z.maxLength(MAX_MAIL_RECIPIENTS)),
  // One line: a line break in a subject is how header injection starts.
  subject: z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^\r\n]*$/, 'must be one line'), noPersonalData),
  text: z.string().check(z.minLength(1), z.maxLength(20_000), noPersonalData),
});

/**
 * Throws when a mail cannot be sent as given (no or too many recipients, a recipient that is not an
 * address, a multi-line subject, an empty text) or carries what a notification never may (an e-mail
 * address or a phone number in the subject or text: mails carry counts and links), naming the
 * fields, never their values. The SES
 * adapter and the local outbox both check with it, so a mail refused on AWS is refused locally.
 */
export function checkMail(mail: Mail): void {
  const r = mailSchema.safeParse(mail);
  if (!r.success)
    throw new Error(
      `Mail refused: ${toIssues(r.error, 'mail')
        .map((i) => `${i.path} ${i.message}`)
        .join('; ')}`,
    );
}

/** Where mail is sent from: the verified sender address, and the configuration set if the deployment has one. */
export interface SesSender {
  from: string;
  configurationSet?: string;
}

/** The exact SendEmail input of one mail: plain text, UTF-8, from the deployment's sender identity. */
export function sendEmailInput(mail: Mail, sender: SesSender): SendEmailCommandInput {
  return {
    FromEmailAddress: sender.from,
    Destination: { ToAddresses: [...mail.to] },
    Content: {
      Simple: {
        Subject: { Data: mail.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
      },
    },
    ...(sender.configurationSet ? { ConfigurationSetName: sender.configurationSet } : {}),
  };
}

/** Mailer on Amazon SES v2. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly sender: SesSender,
  ) {}

  async send(mail: Mail): Promise<void> {
    checkMail(mail);
    try {
      await this.client.send(new SendEmailCommand(sendEmailInput(mail, this.sender)));
    } catch (e) {
      // SES's message may quote an address; the error's name is what an operator needs from a log line.
      throw new Error(`SES SendEmail failed: ${(e as { name?: string }).name ?? 'unknown error'}`);
    }
  }
}

/**
 * The mailer: the local outbox (`/dev/mail`) on the local stack, SES on Lambda from MAIL_FROM (and
 * MAIL_CONFIGURATION_SET when set), which the CDK app sets for functions with `sendsMail`.
 */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer {
  const local = localAdapter<Mailer>('mailer');
  if (local) return local;
  const configurationSet = env[MAIL_CONFIGURATION_SET_ENV];
  return new SesMailer(new SESv2Client({}), {
    from: requireEnv(MAIL_FROM_ENV, 'sender address of notification mail', env),
    ...(configurationSet ? { configurationSet } : {}),
  });
}
