/**
 * English: every string the widget, the hosted pages, its errors and the Worker's messages use.
 * The widget's strings are plain data (JSON-safe: `{n}`-style slots, no functions), so the
 * Worker can serve a language the page did not load up front (see `src/i18n/load.ts`).
 */
export const en = {
  coalitionName: 'Radiology Health Equity Coalition',
  commitmentHeading: 'Commit to act',
  commitmentText:
    'I commit to advancing health equity in my practice and acting to reduce health disparities in radiology.',
  story:
    'Convened by the ACR, the coalition will bring together the radiology community to address health disparities and measurably change outcomes.',
  /** The coalition's three facts, in the order of `FACTS` in `src/content/coalition.ts`. */
  facts: [
    'Black Americans with diabetes are three times more likely to lose a limb to amputation than others.',
    'African American women are 42% more likely to die from breast cancer than white women. Since 1990, breast cancer death rates dropped 23% in African American women — compared to a 37% drop in whites.',
    'A study estimates that 19% of the racial disparity in colorectal cancer death rates can be attributed to less screening.',
  ],
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
  commitmentCheck: 'I make the commitment above',
  updatesLabel: 'Keep me informed about health equity in radiology',
  submit: 'Sign the pledge',
  submitting: 'Sending your pledge…',
  errorPrefix: 'Error:',
  networkError:
    'Your pledge could not be sent. Check your connection and try again. What you entered has been kept.',
  retry: 'Try again',
  times: '{n}×',
  percent: '{n}%',
  countTotal: { one: '{n} pledge across the coalition', other: '{n} pledges across the coalition' },
  countPartner: '{n} through {partner}',
  countTotalFew: 'Fewer than 5 pledges across the coalition so far',
  countGoal: ', toward a goal of {n}',
  countPartnerFew: 'Fewer than 5 through {partner}',
  countActive: '{n} active this year',
  countActions: '{n} actions reported',
  orgQuestion: 'Pledging for your organization?',
  orgJoin: 'Join the coalition as an organization',
  orgCount: { one: '{n} organization has joined', other: '{n} organizations have joined' },
  setupProblem: 'This pledge form is not set up correctly on this site yet.',
  setupLink: 'Sign the pledge on the coalition’s page',
  privacy:
    'We use your details only to record your pledge and, if you ask, to keep you informed. You can withdraw at any time from the link in your email.',
};

/**
 * The English strings only the after-the-first-interaction module uses (src/after/after.ts: the
 * error summary, the thank-you panel and its share links): they ride in that module, not in the
 * drop-in script. Other languages carry them in their one file.
 */
export const enAfter = {
  busyError: 'The pledge service is busy. Try again in a moment. What you entered has been kept.',
  serverError:
    'The pledge service could not take your pledge just now. Try again in a moment, or pledge on the coalition’s page. What you entered has been kept.',
  errorSummaryTitle: 'There is a problem',
  thanksHeading: 'Check your email to confirm your pledge',
  thanksBody:
    'Thank you for pledging. Your pledge counts only once you confirm it from the link in the email we just sent. If it has not arrived in a few minutes, check your spam or junk folder.',
  sentTo: 'We sent it to {email}.',
  correctAddress: 'Wrong address? Correct it',
  stepsHeading: 'Your next steps',
  moreResources: 'Every resource for your role',
  shareHeading: 'Ask a colleague to pledge',
  /** Each share link's whole name, seen and heard: in a screen reader's links list it stands without its heading. */
  shareLinkedIn: 'Share on LinkedIn',
  shareX: 'Share on X',
  shareEmail: 'Share by email',
  copyLink: 'Copy link',
  linkCopied: 'Link copied',
  copyFailed: 'Copying was blocked. Select and copy this link:',
  newTab: '(opens in a new tab)',
};

/** The strings the drop-in script carries in English. */
export type FirstStrings = typeof en;

/** Every string of a language. */
export type Strings = FirstStrings & typeof enAfter;

/** Field messages, keyed as the shared schema reports them (used by the Worker). */
export const enMessages: Record<string, string> = {
  'form.type': 'Fill in the pledge form',
  'id.format': 'Reload the page and try again',
  'partner.missing': 'This form is not set up for a coalition member. Contact the site owner',
  'partner.unknown': 'This form is not set up for a coalition member. Contact the site owner',
  'partner.origin': 'This site is not registered for this society. Contact the site owner',
  'name.missing': 'Enter your full name',
  'name.long': 'Full name must be {max} characters or fewer',
  'name.control': 'Full name must only include letters, spaces, hyphens, apostrophes, commas and periods',
  'name.letter': 'Full name must include at least one letter',
  'name.characters': 'Full name must only include letters, spaces, hyphens, apostrophes, commas and periods',
  'name.link': 'Full name must not look like a web address: add a space after each period',
  'email.missing': 'Enter your email address',
  'email.long': 'Email address must be {max} characters or fewer',
  'email.format': 'Enter an email address in the correct format, like name@example.org',
  'email.local': 'Before the @, use only letters without accents, numbers and signs like . _ - +',
  'role.missing': 'Select your role',
  'organization.type': 'Enter your organization or practice as text',
  'organization.long': 'Organization or practice must be {max} characters or fewer',
  'organization.control': 'Organization or practice must not include line breaks or invisible characters',
  'organization.link': 'Organization or practice must not be a web address: give its name',
  'region.type': 'Select a US state or territory, or a country',
  'region.unknown': 'Select a US state or territory, or a country, from the list',
  'region.both': 'Select a US state or territory, or a country outside the United States, not both',
  'commitment.missing': 'Select the commitment to sign the pledge',
  'updates.type': 'Choose whether to be kept informed',
  'lang.type': 'Choose English or Spanish',
  fallback: 'Check this answer',
  /** The `message` of a 422, above its per-field messages. */
  summary: 'Some answers need correcting.',
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
    'Someone (probably you) just pledged again with this email address. Your pledge is already confirmed and counted, as it was first made: there is nothing more to do. To change your role, your language or whether you get our updates, use your preferences below.',
  keepInformed: 'We commit to keep you informed and updated about health equity in radiology.',
  notInformed: 'You did not ask to be kept informed, so we will email you only about this pledge.',
  /** The same, to someone who pledged again (what they ticked this time is not what is stored). */
  alreadyNotInformed: 'Updates are off for this address, so we email you only about your pledge.',
  /** After notInformed: how to opt in later (issue 17: say it only to those who asked; elsewhere, how to opt in). */
  optInLater: 'To get updates later, turn them on in your email preferences:',
  optInLink: 'Email preferences',
  /** After keepInformed: how to turn updates off before the first one arrives (each update carries its own unsubscribe link). */
  optOutLater: 'You can turn updates off at any time in your email preferences:',
  withdrawAction: 'Changed your mind? You can withdraw your pledge and erase your details at any time:',
  withdrawLink: 'Withdraw my pledge',
  /**
   * `society`: the short name of the society the pledge was made through (its partner id in capitals, as update emails say it);
   * `hosted`: made with it on the coalition's own pledge page, not on the society's site (as the updates' `whyHosted` says).
   */
  sentTo: (email: string, society?: string, hosted?: boolean) =>
    `This email was sent to ${email} because this address was used to sign the pledge${society ? (hosted ? ` with ${society} on the coalition's site` : ` through ${society}`) : ''}.`,
  signature: 'The Radiology Health Equity Coalition',
  pageConfirmHeading: 'Confirm your pledge',
  pageConfirmBody: 'Press the button to confirm your pledge. It will then count toward the coalition total.',
  /** What the link confirms: its society, role, name and organization as entered, region and updates. */
  pageConfirmSociety: 'Through',
  pageConfirmRole: 'As',
  pageConfirmNotYours: 'Not what you entered? Do not confirm it: sign the pledge again with this email address, or leave it, and it is erased after 30 days.',
  pageConfirmedHeading: 'Your pledge is confirmed',
  pageConfirmedBody: 'Thank you. Your pledge now counts toward the coalition total.',
  pageAlreadyConfirmed: 'Your pledge is already confirmed and counts toward the coalition total. Opening this link again changes nothing.',
  pageWithdrawHeading: 'Withdraw your pledge',
  pageWithdrawBody:
    'Withdrawing removes your pledge from the count and erases your name, email address, organization and region. This cannot be undone.',
  /** The same page for a pledge not yet confirmed: nothing to take from the count. */
  pageWithdrawPendingBody:
    'Your pledge is not confirmed, so it does not count yet. Withdrawing erases your name, email address, organization and region. This cannot be undone.',
  pageWithdrawButton: 'Withdraw and erase my details',
  /** On the withdrawal page, for someone who only wants fewer emails: their pledge can stay. */
  pageWithdrawFewerEmails: 'Only want fewer emails? Your pledge can stay:',
  pageWithdrawnHeading: 'Your pledge has been withdrawn',
  pageWithdrawnBody:
    'Your name, email address, organization and region have been erased. We keep only an anonymous record (your society, role, language and dates, and the kinds of action you reported, without their notes) so the counts stay honest.',
  pageGoneHeading: 'Nothing is left to withdraw',
  pageGoneBody:
    'This pledge was never confirmed, so its details were already erased: nothing of it is kept, and it was never counted.',
  pageWasWithdrawnHeading: 'This pledge was withdrawn',
  pageWasWithdrawnBody:
    'It was withdrawn and its details erased, so it can no longer be confirmed. To pledge again, sign the pledge from the coalition’s page or your society’s.',
  pageNotFoundHeading: 'Page not found',
  pageNotFoundBody: 'Nothing is at this address. If you typed it, check it; if you followed a link, it may be incomplete.',
  pageNotFoundPledge: 'Sign the pledge',
  pageNotFoundImpact: 'See the coalition’s impact',
  pageInvalidHeading: 'This link does not work',
  pageInvalidBody: 'Check that you copied the whole link from your email.',
  pageExpiredHeading: 'This link has expired',
  pageExpiredBody: 'Confirmation links last 30 days. Pledge again to get a new email.',
  pageWithdrawExpiredBody: 'Withdrawal links last two years. Every email the coalition sends you carries a current one. If you have no recent email, sign the pledge again with the same address: we will email you a new withdrawal link (a pledge gets at most three such emails), and your pledge is not counted twice.',
};

export type EmailStrings = typeof enEmail;
