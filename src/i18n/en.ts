/** English: every string the widget, its errors and the Worker's messages use. */
export const en = {
  commitmentHeading: 'Commit to act',
  commitmentText:
    'I commit to advancing health equity in my practice and acting to reduce health disparities in radiology.',
  intro:
    'Join radiology professionals across the Radiology Health Equity Coalition in pledging to act on health disparities.',
  optional: '(optional)',
  nameLabel: 'Full name',
  emailLabel: 'Email address',
  emailHint: 'We will send a confirmation email to this address.',
  roleLegend: 'Your role',
  roles: {
    radiologist: 'Radiologist',
    trainee: 'Resident or fellow',
    technologist: 'Radiologic technologist',
    physicist: 'Medical physicist',
    nurse: 'Radiology nurse',
    leader: 'Practice leader or administrator',
    other: 'Other',
  },
  organizationLabel: 'Organization or practice',
  regionLegend: 'Where you work',
  regionUsLabel: 'US state or territory',
  regionCountryLabel: 'Country, if outside the United States',
  commitmentLegend: 'Your commitment',
  updatesLabel: 'Keep me informed about health equity in radiology',
  submit: 'Sign the pledge',
  submitting: 'Sending your pledge…',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  networkError:
    'Your pledge could not be sent. Check your connection and try again. What you entered has been kept.',
  busyError: 'The pledge service is busy. Try again in a moment. What you entered has been kept.',
  retry: 'Try again',
  thanksHeading: 'Thank you for pledging',
  thanksBody:
    'A confirmation email is on its way. Your pledge counts toward the total once you confirm it from the link in that email. If it has not arrived in a few minutes, check your spam or junk folder.',
  shareHeading: 'Ask a colleague to pledge',
  shareEmail: 'Email',
  copyLink: 'Copy link',
  linkCopied: 'Link copied',
  thousands: ',',
  times: (n: number) => `${n}×`,
  percent: (n: number) => `${n}%`,
  countTotal: (n: string) => `${n} pledges across the coalition`,
  countPartner: (n: string, partner: string) => `${n} through ${partner}`,
  privacy:
    'We use your details only to record your pledge and, if you ask, to keep you informed. You can withdraw at any time from the link in your email.',
};

export type Strings = typeof en;

/** Field messages, keyed as the shared schema reports them (used by the Worker). */
export const enMessages: Record<string, string> = {
  'form.type': 'Fill in the pledge form',
  'id.format': 'Reload the page and try again',
  'partner.missing': 'This form is not set up for a coalition member. Contact the site owner',
  'partner.unknown': 'This form is not set up for a coalition member. Contact the site owner',
  'name.missing': 'Enter your full name',
  'name.long': 'Full name must be 120 characters or fewer',
  'name.control': 'Full name must only include letters, spaces, hyphens, apostrophes and full stops',
  'name.characters': 'Full name must only include letters, spaces, hyphens, apostrophes and full stops',
  'name.link': 'Full name must not look like a web address: put a space after each full stop',
  'email.missing': 'Enter your email address',
  'email.long': 'Email address must be 254 characters or fewer',
  'email.format': 'Enter an email address in the correct format, like name@example.org',
  'role.missing': 'Select your role',
  'organization.type': 'Enter your organization or practice as text',
  'organization.long': 'Organization or practice must be 200 characters or fewer',
  'organization.control': 'Organization or practice must not include line breaks',
  'region.type': 'Select a US state or territory, or a country',
  'region.unknown': 'Select a US state or territory, or a country, from the list',
  'region.both': 'Select a US state or territory, or a country outside the United States, not both',
  'commitment.missing': 'Select the commitment to sign the pledge',
  'updates.type': 'Choose whether to be kept informed',
  'lang.type': 'Choose English or Spanish',
  fallback: 'Check this answer',
};

/** Emails and the confirm/withdraw pages (used by the Worker). */
export const enEmail = {
  confirmSubject: 'Confirm your health equity pledge',
  alreadySubject: 'You have already pledged',
  /** No name: an unconfirmed pledge's name is anyone's text, and must never reach an inbox. */
  salutation: 'Hello,',
  confirmIntro: 'Thank you for pledging with the Radiology Health Equity Coalition:',
  confirmAction: 'Confirm your pledge so it counts toward the coalition total:',
  confirmButton: 'Confirm my pledge',
  alreadyIntro:
    'Someone (probably you) just pledged again with this email address. Your pledge is already confirmed and counted: there is nothing more to do.',
  keepInformed: 'We commit to keep you informed and updated about health equity in radiology.',
  withdrawAction: 'Changed your mind? You can withdraw your pledge and erase your details at any time:',
  withdrawLink: 'Withdraw my pledge',
  sentTo: (email: string) => `This email was sent to ${email} because this address was used to sign the pledge.`,
  signature: 'The Radiology Health Equity Coalition',
  pageConfirmHeading: 'Confirm your pledge',
  pageConfirmBody: 'Press the button to confirm your pledge. It will then count toward the coalition total.',
  pageConfirmedHeading: 'Your pledge is confirmed',
  pageConfirmedBody: 'Thank you. Your pledge now counts toward the coalition total.',
  pageAlreadyConfirmed: 'This pledge was already confirmed. Nothing has changed.',
  pageWithdrawHeading: 'Withdraw your pledge',
  pageWithdrawBody:
    'Withdrawing removes your pledge from the count and erases your name, email address, organization and region. This cannot be undone.',
  pageWithdrawButton: 'Withdraw and erase my details',
  pageWithdrawnHeading: 'Your pledge has been withdrawn',
  pageWithdrawnBody:
    'Your name, email address, organization and region have been erased. We keep only an anonymous record (your society, role and dates) so the counts stay honest.',
  pageInvalidHeading: 'This link does not work',
  pageInvalidBody: 'Check that you copied the whole link from your email.',
  pageExpiredHeading: 'This link has expired',
  pageExpiredBody: 'Confirmation links last 30 days. Pledge again to get a new email.',
};

export type EmailStrings = typeof enEmail;
