/** @internal One canned helpdesk topic of the offline model. */
export interface OfflineTopic {
  readonly keywords: readonly string[];
  readonly answer: string;
  /** Extra paragraphs used when the user asks for detail. */
  readonly detail: readonly string[];
}

/** @internal The offline model's knowledge: a small helpdesk FAQ. */
export const OFFLINE_TOPICS: readonly OfflineTopic[] = [
  {
    keywords: ['password', 'reset', 'log in', 'login', 'sign in', 'locked'],
    answer:
      'To reset your password, open the sign-in page and choose "Forgot password". Enter the email address of your account and we will send you a reset link that is valid for 30 minutes. If the email does not arrive, check your spam folder or ask your workspace admin to send a new invitation.',
    detail: [
      'If your organisation uses single sign-on, the password is managed by your identity provider instead: use its own reset flow, then sign in again with the "Continue with SSO" button.',
      'After five failed attempts the account is locked for fifteen minutes. Waiting is enough to unlock it; an admin can also unlock it right away from Settings → Members.',
    ],
  },
  {
    keywords: ['invoice', 'billing', 'receipt', 'vat', 'payment'],
    answer:
      'Invoices are under Settings → Billing → Invoices. Each invoice can be downloaded as a PDF, and the billing contact receives a copy by email on the first day of every month. You can change the billing contact and add a VAT number on the same page.',
    detail: [
      'Invoices older than twelve months are archived but stay available: use the "Show archived" filter. Credit notes appear next to the invoice they correct.',
      'Payments by card are charged on the invoice date; bank transfers are due within thirty days and should quote the invoice number as the reference.',
    ],
  },
  {
    keywords: ['export', 'download', 'csv', 'backup', 'data'],
    answer:
      'You can export your data from Settings → Data → Export. Choose the projects and the date range, then pick CSV or JSON. Large exports are prepared in the background and we email you a download link when the file is ready; links expire after seven days.',
    detail: [
      'Exports include tickets, comments, attachments metadata and custom fields. Attachments themselves are bundled in a separate archive because of their size.',
      'Admins can schedule a weekly export to cloud storage from the same page, which is the recommended way to keep an independent backup.',
    ],
  },
  {
    keywords: ['refund', 'cancel', 'cancellation', 'downgrade', 'subscription'],
    answer:
      'You can cancel or downgrade your subscription at any time from Settings → Billing → Plan. The change takes effect at the end of the current billing period. Annual plans cancelled within fourteen days of purchase are refunded in full; after that we refund the unused months pro rata.',
    detail: [
      'Refunds go back to the original payment method and usually arrive within five to ten business days, depending on your bank.',
      'Downgrading keeps all your data. Features of the higher plan become read-only until you upgrade again.',
    ],
  },
  {
    keywords: ['api', 'key', 'token', 'integration', 'webhook'],
    answer:
      'API keys are created under Settings → Developers → API keys. Give each key a name and the smallest scope it needs; the secret is shown only once, so store it in your secret manager. Keys can be revoked at any time, and requests made with a revoked key fail immediately.',
    detail: [
      'Every key is rate limited to 600 requests per minute. The response headers tell you how many requests are left in the current window and when it resets.',
      'Webhooks are configured on the same page: we sign every delivery with your signing secret and retry failed deliveries with exponential backoff for up to 24 hours.',
    ],
  },
  {
    keywords: ['sla', 'uptime', 'outage', 'status', 'response time', 'support hours'],
    answer:
      'Our standard plan includes a 99.9% monthly uptime commitment and first responses to support tickets within one business day. Premium plans get 99.95% uptime, a four-hour response time around the clock and a named support engineer. The live status of every service is on our status page.',
    detail: [
      'If we miss the uptime commitment you receive service credits: 10% of the monthly fee below 99.9% and 25% below 99.0%. Credits are requested from the billing page within thirty days.',
      'Planned maintenance is announced at least five days ahead and never counts against the uptime commitment.',
    ],
  },
  {
    keywords: ['two-factor', '2fa', 'security', 'sso', 'single sign-on', 'authenticator'],
    answer:
      'Two-factor authentication is under Settings → Profile → Security: scan the QR code with any authenticator app and enter the six-digit code to confirm. Keep the recovery codes we show you somewhere safe: they are the only way in if you lose your phone.',
    detail: [
      'Workspace admins can require two-factor authentication for every member from Settings → Security; members without it are asked to set it up at their next sign-in.',
      'On plans with single sign-on, two-factor authentication is enforced by your identity provider instead, and the setting here is hidden.',
    ],
  },
  {
    keywords: ['email', 'account', 'profile', 'name'],
    answer:
      'You can change the email address and the name of your account under Settings → Profile. We send a confirmation link to the new address, and the change applies once you click it. For security, changing the email also signs you out of your other devices.',
    detail: [
      'If you no longer have access to the old address, ask a workspace admin: they can change it for you from Settings → Members after confirming your identity.',
      'Notification emails follow the new address right away; invoices keep going to the billing contact, which is set separately under Billing.',
    ],
  },
];

/** @internal Used when no topic matches. */
export const FALLBACK_ANSWER =
  'Thanks for your question. I could not find a precise answer in the help centre, so here is what usually helps: check Settings for the feature you are asking about, search the help centre for the exact error message you see, and if that does not solve it, reply with the steps you took and I will open a ticket with our support engineers.';

/** @internal Used for greetings and thanks. */
export const GREETING_ANSWER =
  'Hello! I am the helpdesk assistant. I can help with passwords and sign-in, billing and invoices, data exports, subscriptions, API keys and our service levels. What can I do for you?';

/** @internal Extra material for detailed answers that match no topic. */
export const FALLBACK_DETAIL: readonly string[] = [
  'When you write to us, include your workspace name, the time the problem happened and a screenshot if you can: it saves a round trip.',
  'Our support engineers answer in the order tickets arrive, except for outages, which are always handled first.',
];
