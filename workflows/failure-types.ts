// Failure types that activities raise and workflows recognise, defined once (workflow-safe: no imports).
/** An email the SMTP server permanently rejected (5xx): recorded, not retried; the workflow moves on. */
export const MAIL_REJECTED = 'MailRejected';
