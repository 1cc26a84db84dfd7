/**
 * Everything a person reads about organizations (the `/join` form, its messages, the public
 * list, the emails), in English and Spanish. Field messages are keyed as the schema in
 * `src/organization-schema.ts` reports them.
 */
import type { Lang } from '../../src/pledge-fields.ts';
import { ORG_SIZES, ORG_TYPES, type OrgSize, type OrgType } from '../../src/organization-fields.ts';
import { formatNumber } from '../platform/pages/locale.ts';
import { regionMeantMessage } from '../../src/i18n/api-messages.ts';
import { MAX_MEMBER_REMINDERS, type DigestedAnswer } from './queries.ts';
import { QUOTA_WINDOW_DAYS } from '../pledges/abuse.ts';

export interface OrgStrings {
  commitmentText: string;
  joinHeading: string;
  /** The spam trap's label: hidden from people, but still words on the page. */
  trapLabel: string;
  joinIntro: string;
  nameLabel: string;
  typeLegend: string;
  types: Record<OrgType, string>;
  websiteLabel: string;
  websiteHint: string;
  regionLabel: string;
  regionHint: string;
  regionNone: string;
  regionUs: string;
  regionCountries: string;
  /** A country whose name is also a US state's (Georgia), in the one list of both. */
  countryNamed: (name: string) => string;
  sizeLegend: string;
  sizes: Record<OrgSize, string>;
  contactLegend: string;
  contactHint: string;
  contactNameLabel: string;
  contactEmailLabel: string;
  contactEmailHint: string;
  contactTitleLabel: string;
  commitmentLegend: string;
  listPubliclyLabel: string;
  listPubliclyHint: string;
  optional: string;
  privacy: string;
  submit: string;
  errorSummaryTitle: string;
  errorPrefix: string;
  busy: string;
  limited: string;
  messages: Record<string, string>;
  thanksHeading: string;
  thanksBody: string;
  thanksNext: string;
  listHeading: string;
  listIntro: string;
  joinedCount: (n: number) => string;
  notListed: (n: number) => string;
  filterLegend: string;
  filterType: string;
  filterRegion: string;
  filterAll: string;
  filterButton: string;
  filterNone: string;
  filterShowing: (n: number) => string;
  /** After the count of a filtered list: back to every listed organization. */
  filterClear: string;
  joinedOn: (date: string) => string;
  joinLink: string;
  forOrganization: string;
  // Link pages (the email's confirm and withdraw links)
  confirmHeading: string;
  confirmBody: (name: string) => string;
  confirmButton: string;
  /** The confirmation page's list of what is confirmed (with the form's own labels for the rest). */
  detailType: string;
  detailSize: string;
  detailContact: string;
  detailListing: string;
  detailListed: string;
  detailUnlisted: string;
  detailNone: string;
  confirmChange: string;
  confirmChangeLink: string;
  confirmChanged: string;
  confirmedHeading: string;
  confirmedBody: string;
  alreadyConfirmed: string;
  /** Confirmed after a maintainer had already decided: the decision, not "wait for a review". */
  alreadyApproved: string;
  alreadyDeclined: string;
  withdrawHeading: string;
  withdrawBody: (name: string) => string;
  /** The withdrawal link's page for a request not (yet) approved: the organization never joined, so it is the request that goes. */
  withdrawRequestHeading: string;
  withdrawRequestBody: (name: string) => string;
  withdrawButton: string;
  withdrawnHeading: string;
  withdrawnBody: string;
  /** Withdrawn, while another contact's approved request for the same website still counts and lists it. */
  withdrawnOthersBody: string;
  /** Withdrawn, while another request counts it without listing it: only what was done. */
  withdrawnRequestBody: string;
  /** Withdrawn after the coalition approved it (and no other request counts it): it had joined, and has left. */
  leftHeading: string;
  leftBody: string;
  invalidHeading: string;
  invalidBody: string;
  /** The withdrawal link's page for an approved request while another contact's approved request, listed publicly, still lists the organization. */
  withdrawStaysListedBody: (name: string) => string;
  /** The withdrawal link's page for an approved request while another request still counts the organization (not listed): only what this one does. */
  withdrawOwnRequestBody: (name: string) => string;
  /** Either link, opened or pressed after a maintainer removed the request. */
  removedHeading: string;
  removedBody: string;
  /** Either link, for a request withdrawn before what ended it was kept (migration 0024): only what is true of every such request. */
  closedHeading: string;
  closedBody: string;
  /** A confirmation link opened (or pressed) after the request was withdrawn. */
  confirmWithdrawnHeading: string;
  confirmWithdrawnBody: string;
  expiredHeading: string;
  expiredBody: string;
  /** The expired page's link to /join. */
  expiredLink: string;
  // Emails (a subject with nothing typed in it fits in 78 characters, as an inbox shows it: test/worker/email-subjects.test.ts)
  /** After approval, to a confirmed contact. */
  greeting: (name: string) => string;
  /** Before confirmation nothing typed in the request is echoed: it is anyone's text, sent to any address. */
  salutation: string;
  confirmSubject: string;
  confirmIntro: string;
  confirmAction: string;
  confirmVerified: string;
  confirmUnverified: string;
  approvedSubject: (org: string) => string;
  approvedIntro: (org: string) => string;
  /** For a contact who never confirmed: nothing the request typed (it may not be theirs). */
  approvedSubjectUnconfirmed: string;
  approvedIntroUnconfirmed: string;
  /** To an approved organization's contact who asked to join again (`org-member`). */
  memberSubject: (org: string) => string;
  memberIntro: (org: string, day: string) => string;
  memberSubjectUnconfirmed: string;
  memberIntroUnconfirmed: string;
  /**
   * The same, when the new request's answers differ from the approved organization's: the intro
   * without "nothing more to do", and `memberChanged` saying which answers were not applied
   * (`answers`: `answerNames`, joined as a list) and how to change them.
   */
  memberIntroChanged: (org: string, day: string) => string;
  memberIntroUnconfirmedChanged: string;
  memberChanged: (answers: string) => string;
  /** The same, for an organization counted through an earlier approved request for its domain: the public list follows that one. */
  memberChangedThrough: (answers: string) => string;
  /** To a contact whose confirmed request awaits review, when a new request's answers differ (`org-member` while pending). */
  pendingSubject: (org: string) => string;
  pendingIntro: (org: string) => string;
  pendingChanged: (answers: string) => string;
  /** The answers a new request can differ in, as `memberChanged` names them to the contact. */
  answerNames: Record<DigestedAnswer, string>;
  /**
   * In `org-member`, the answers its contact may apply themselves (`answersSelfApplied`: nothing more
   * public), before the `/join/change` link (`memberApplyLink`).
   */
  memberApply: (answers: string) => string;
  memberApplyLink: string;
  /** `/join/change`: the contact applies those answers (a button; GET changes nothing). */
  changeHeading: string;
  changeBody: (org: string) => string;
  changeCaption: string;
  changeNow: string;
  changeAfter: string;
  changeStale: string;
  /** `/join/change` while an earlier change request still waits for review: these answers replace it. */
  changePending: (day: string) => string;
  /**
   * The asked answers that change what the public list shows: asked for there (a change request),
   * then reviewed by a maintainer; the button that sends them, with or without the others.
   */
  changeReviewCaption: string;
  changeAsked: string;
  changeReview: string;
  changeAskButton: string;
  changeApplyAndAsk: string;
  /** In `org-member`, the link's label when only changes for review were asked. */
  memberReviewLink: string;
  /** `/join/change` pressed with changes for review: they wait for it. */
  changeAskedHeading: string;
  changeAskedBody: string;
  /** A maintainer's review of the change request (`org-change-approved`, `org-change-declined`). */
  changeApprovedSubject: (org: string) => string;
  /** `listed`: the public list shows this organization by name (listed, and not counted through an earlier request). */
  changeApprovedIntro: (org: string, listed: boolean) => string;
  changeDeclinedSubject: (org: string) => string;
  changeDeclinedIntro: (org: string, day: string) => string;
  changedHeading: string;
  changedBody: string;
  changedUnlistedBody: string;
  /**
   * Counted through an earlier approved request for its domain (whose choices the public list follows):
   * unlisting it (`changedThroughBody`), or what it asks for review, changes nothing the public sees.
   */
  changedThroughBody: string;
  changeThrough: string;
  changeReviewThrough: string;
  changeAskedThroughBody: string;
  /** The email confirming the changes the contact applied through `/join/change` (`org-changed`): only those named. */
  changedSubject: (org: string) => string;
  changedIntro: (org: string) => string;
  /** In it, when the same press also asked for changes that wait for review. */
  changedReviewWaits: string;
  changeNoneHeading: string;
  changeNoneBody: string;
  /**
   * In its place, while the contact has had every "already a member" email of the last QUOTA_WINDOW_DAYS
   * (MAX_MEMBER_REMINDERS): a form sent again brings none until `day`.
   */
  changeCappedBody: (day: string) => string;
  /** `/join/change` to a contact who has not confirmed (approved before that): the press confirms the address, and the name it greets. */
  changeConfirms: (name: string) => string;
  /** `/join/change` after the organization left (withdrawn, removed or declined): its membership has ended; the way to join again. */
  changeEndedHeading: string;
  changeEndedBody: string;
  /** To a confirmed contact whose request was declined (`org-declined`): the outcome the /join page promises. */
  declinedSubject: (org: string) => string;
  declinedIntro: (org: string) => string;
  declinedErasure: (days: number) => string;
  approvedListed: string;
  approvedUnlisted: string;
  /** Not listed, to a contact who never confirmed (the request may not be theirs): what the request asked, not what they did. */
  approvedUnlistedUnconfirmed: string;
  /** Approved, and counted once through an earlier approved request from the same website (whose choice of listing holds). */
  approvedJoinedListed: string;
  approvedJoinedUnlisted: string;
  withdrawAction: string;
  /** In the confirmation email, before anything was approved: the request is what can be withdrawn. */
  withdrawRequestAction: string;
  withdrawRequestLink: string;
  /** In the decline email, where the same link erases the contact's details now. */
  declinedEraseAction: string;
  declinedEraseLink: string;
  /** The withdrawal link's page for a declined request: it erases the contact's details (it was never counted). */
  eraseHeading: string;
  eraseBody: (name: string) => string;
  erasedHeading: string;
  erasedBody: string;
  withdrawLink: string;
  signature: string;
  sentTo: (email: string) => string;
}

const en: OrgStrings = {
  commitmentText:
    'Our organization commits to advancing health equity in our practice and acting to reduce health disparities in radiology.',
  joinHeading: 'Join the coalition as an organization',
  trapLabel: 'Leave this empty',
  joinIntro:
    'Radiology practices, academic departments, health systems, imaging centers and societies can join the Radiology Health Equity Coalition. The coalition reviews every request before it counts.',
  nameLabel: 'Organization name',
  typeLegend: 'What kind of organization is it?',
  types: {
    practice: 'Radiology practice or group',
    department: 'Academic department',
    'health-system': 'Hospital or health system',
    'imaging-center': 'Imaging center',
    society: 'Professional society',
    industry: 'Industry',
    other: 'Other',
  },
  websiteLabel: 'Website',
  websiteHint: 'For example, https://www.example.org',
  regionLabel: 'US state or country',
  regionHint: 'Where the organization is based.',
  regionNone: 'Choose a state or country',
  regionUs: 'US states and territories',
  regionCountries: 'Countries',
  countryNamed: (name) => `${name} (country)`,
  sizeLegend: 'Approximately how many radiologists work there?',
  // Figures as every page of ours writes them in the language (formatNumber), not typed in by hand.
  sizes: { '1-9': '1 to 9', '10-49': '10 to 49', '50-199': '50 to 199', '200-999': '200 to 999', '1000+': `${formatNumber(1000, 'en')} or more` },
  contactLegend: 'Contact person',
  contactHint: 'Someone who can speak for the organization. We never publish their details.',
  contactNameLabel: 'Full name',
  contactEmailLabel: 'Email address',
  contactEmailHint:
    'We will send a link to confirm the request. An address at the organization’s own website domain lets us verify it sooner.',
  contactTitleLabel: 'Job title',
  commitmentLegend: 'The commitment',
  listPubliclyLabel: 'List our organization publicly as a member of the coalition',
  listPubliclyHint: 'Its name, type, website and state or country. Without this, it is counted but not named.',
  optional: '(optional)',
  privacy:
    'We use the contact’s name and email only to confirm and review this request and to tell them the outcome. They can withdraw at any time from a link in every email, which erases them.',
  submit: 'Ask to join',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  busy: 'We could not save the request just now. Send it again in a moment.',
  limited: 'Many requests have come from your network in the last minute. Wait a minute, then send this one again: what you entered is kept below.',
  messages: {
    'name.missing': 'Enter the organization’s name',
    'name.long': 'Organization name must be 200 characters or fewer',
    'name.control': 'Organization name must not contain line breaks, control characters or damaged ones (�)',
    'name.letter': 'Organization name must include at least one letter or digit',
    'name.blank': 'Organization name contains a character that shows as blank space or piles marks on one letter; type the name again',
    'name.link': 'Organization name must not look like a web address: put its website in the Website field',
    'type.missing': 'Select what kind of organization it is',
    'website.missing': 'Enter the organization’s website',
    'website.long': 'Website must be 300 characters or fewer',
    'website.format': 'Enter a website address like https://www.example.org',
    'website.email': 'That is an email address: enter the organization’s website instead, like https://www.example.org',
    'website.scheme': 'Enter a web address, starting with https:// (or http://), like https://www.example.org',
    'website.port': 'Enter the website without a port number (a colon and digits after its name), like https://www.example.org',
    'website.ip': 'Enter the website’s name, not an IP address, like https://www.example.org',
    'website.suffix': 'That is an ending many websites share, not one website: enter the organization’s own address, like https://www.example.org',
    'website.ending': 'That address’s ending is not one websites have (like .org or .com): check its last part, like https://www.example.org',
    'region.format': 'Select a US state or a country from the list',
    'size.format': `Select one of the ranges of radiologists (size must be one of ${ORG_SIZES.join(', ')})`,
    'contact.missing': 'Enter the contact person’s name and email address',
    'contact.name.missing': 'Enter the contact person’s full name',
    'contact.name.long': 'Full name must be 120 characters or fewer',
    'contact.name.control': 'Full name must not contain line breaks, control characters or damaged ones (�)',
    'contact.name.letter': 'Full name must include at least one letter',
    'contact.name.characters': 'Full name must only include letters, spaces, hyphens, apostrophes, commas and periods',
    'contact.name.link': 'Full name must not look like a web address: add a space after each period',
    'contact.email.missing': 'Enter the contact person’s email address',
    'contact.email.long': 'Email address must be 254 characters or fewer',
    'contact.email.format': 'Enter an email address in the correct format, like name@example.org',
    'contact.email.local': 'Before the @, use only letters without accents, numbers and signs like . _ - +',
    'contact.title.long': 'Job title must be 120 characters or fewer',
    'contact.title.control': 'Job title must not contain line breaks, control characters or damaged ones (�)',
    'contact.title.type': 'Enter the job title as text',
    'commitment.missing': 'Select the box to make the organization’s commitment',
    // Said to an API client that sent a value of the wrong type (the form never does): not "enter …" as if it were left out.
    'name.type': 'Enter the organization’s name as text',
    'website.type': 'Enter the organization’s website as text',
    'contact.type': 'Send the contact as an object with the person’s name and email',
    'contact.name.type': 'Enter the contact person’s full name as text',
    'contact.email.type': 'Enter the contact person’s email address as text',
    'type.unknown': `Select what kind of organization it is (type must be one of ${ORG_TYPES.join(', ')})`,
    'commitment.type': 'Select the box to make the organization’s commitment (commitment must be true)',
    'listPublicly.type': 'Say whether the organization may be listed publicly (listPublicly must be true or false)',
    'form.type': 'Send the request as a JSON object',
    // From another site's page naming no society: not "for this society" (partner.origin), which it did not name.
    'origin.unregistered': 'This site is not registered with the coalition, so it cannot send an organization’s request. Contact the site owner',
    'lang.type': 'Choose English or Spanish (lang must be "en" or "es")',
    fallback: 'Check this answer',
  },
  thanksHeading: 'Check your email',
  thanksBody: 'We have sent the contact person a link to confirm this request. It counts once they confirm it and the coalition approves it.',
  thanksNext: 'We will email them when the coalition approves it.',
  listHeading: 'Organizations in the coalition',
  listIntro: 'Radiology organizations that have committed to advancing health equity and reducing health disparities.',
  joinedCount: (n) => (n === 1 ? '1 organization has joined' : `${formatNumber(n, 'en')} organizations have joined`),
  notListed: (n) => (n === 1 ? '1 organization chose not to be listed by name.' : `${formatNumber(n, 'en')} organizations chose not to be listed by name.`),
  filterLegend: 'Filter the list',
  filterType: 'Kind of organization',
  filterRegion: 'US state or country',
  filterAll: 'All',
  filterButton: 'Show organizations',
  filterNone: 'No listed organizations match these filters.',
  filterShowing: (n) => (n === 1 ? 'Showing 1 organization.' : `Showing ${formatNumber(n, 'en')} organizations.`),
  filterClear: 'Show all organizations',
  joinedOn: (date) => `Joined ${date}`,
  joinLink: 'Join as an organization',
  forOrganization: 'Pledging for your organization?',
  confirmHeading: 'Confirm your organization’s request',
  confirmBody: (name) => `Press the button to confirm that you asked for ${name} to join the Radiology Health Equity Coalition.`,
  confirmButton: 'Confirm the request',
  detailType: 'Kind of organization',
  detailSize: 'Number of radiologists',
  detailContact: 'Contact',
  detailListing: 'Public list',
  detailListed: 'Listed by name',
  detailUnlisted: 'Counted, not named',
  detailNone: 'Not given',
  confirmChange:
    'Something to change? Before you confirm, send the form again from the same email address: we will email you a new link, and the request will have your newer answers.',
  confirmChangeLink: 'The form to join',
  confirmChanged: 'This request changed after you opened this page. Check the answers below, then confirm.',
  confirmedHeading: 'Thank you',
  confirmedBody: 'The request is confirmed. The coalition will review it and email you its decision.',
  alreadyConfirmed: 'This request was already confirmed. The coalition will email you once it has reviewed it.',
  alreadyApproved: 'The request is confirmed, and the coalition has already approved it: your organization is counted among those that have joined.',
  alreadyDeclined: 'The request is confirmed. The coalition has already reviewed it and is not adding it to the organizations that have joined, at this time. If you think this is a mistake, ask the member society you work with to raise it with the coalition.',
  withdrawHeading: 'Withdraw your organization',
  withdrawBody: (name) =>
    `Press the button for ${name} to leave the coalition: it will no longer be counted or listed, and your name and email address will be erased.`,
  withdrawStaysListedBody: (name) =>
    `Press the button to withdraw your request for ${name}. The organization will stay on the coalition’s list, through another request for the same website made by someone else. Your name and email address will be erased.`,
  withdrawOwnRequestBody: (name) => `Press the button to withdraw your request for ${name}. Your name and email address will be erased.`,
  removedHeading: 'This request was removed',
  removedBody: 'The coalition’s maintainers removed this request, and its contact’s details have been erased. There is nothing to confirm or withdraw.',
  closedHeading: 'This request is closed',
  closedBody: 'The request is no longer open, and its contact’s details have been erased. There is nothing to confirm or withdraw.',
  withdrawRequestHeading: 'Withdraw your organization’s request',
  withdrawRequestBody: (name) => `Press the button to withdraw the request for ${name} to join the coalition. Your name and email address will be erased.`,
  withdrawButton: 'Withdraw and erase',
  withdrawnHeading: 'Your request is withdrawn',
  withdrawnBody: 'The request is withdrawn: the organization is not counted or listed, and your details have been erased.',
  withdrawnOthersBody:
    'Your request is withdrawn and your details have been erased. The organization is still on the coalition’s list, through another request for the same website made by someone else. The coalition’s maintainers see your withdrawal beside it when they review the organization’s requests.',
  withdrawnRequestBody: 'Your request is withdrawn and your details have been erased.',
  leftHeading: 'Your organization has left the coalition',
  leftBody: 'Your organization has left the coalition: it is no longer counted or listed, and your details have been erased.',
  invalidHeading: 'This link does not work',
  invalidBody: 'Check that you copied the whole link from the email.',
  confirmWithdrawnHeading: 'This request was withdrawn',
  confirmWithdrawnBody: 'There is nothing to confirm: the request is no longer open, and its details have been erased. To join, ask again.',
  expiredHeading: 'This link has expired',
  expiredBody: 'Ask to join again with the same website and email address, and we will email you a new link.',
  expiredLink: 'Ask to join again',
  greeting: (name) => `Dear ${name},`,
  salutation: 'Hello,',
  confirmSubject: 'Confirm your request to join the Radiology Health Equity Coalition',
  confirmIntro: 'Thank you for asking for your organization to join the Radiology Health Equity Coalition with this commitment:',
  confirmAction: 'Please confirm the request with this link (it works for 30 days):',
  confirmVerified: 'Your email address is at the organization’s website domain: confirming with the link above shows that it is yours, and the coalition then counts the request as verified.',
  confirmUnverified: 'Your email address is not at the organization’s website domain, so the coalition may contact you to verify the request.',
  approvedSubject: (org) => `${org} has joined the Radiology Health Equity Coalition`,
  approvedIntro: (org) => `The coalition has approved the request from ${org}. Welcome: your organization now counts among those that have joined.`,
  approvedSubjectUnconfirmed: 'Your request to join the Radiology Health Equity Coalition was approved',
  approvedIntroUnconfirmed:
    'The coalition has approved a request to join that gave this address as its contact. Welcome: the organization now counts among those that have joined. If you made no such request, withdraw it with the link below.',
  memberSubject: (org) => `${org} is already a member of the Radiology Health Equity Coalition`,
  memberIntro: (org, day) =>
    `We received a new request for ${org} to join the coalition. There is nothing more to do: the coalition approved its request on ${day}, and it still counts among the organizations that have joined.`,
  memberSubjectUnconfirmed: 'Your organization is already a member of the Radiology Health Equity Coalition',
  memberIntroUnconfirmed:
    'We received a new request to join the coalition that gave this address as its contact. The coalition had already approved a request from the same organization with this address, so there is nothing more to do. If you made no such request, withdraw it with the link below.',
  memberIntroChanged: (org, day) =>
    `We received a new request for ${org} to join the coalition. The coalition approved its request on ${day}, and it still counts among the organizations that have joined.`,
  memberIntroUnconfirmedChanged:
    'We received a new request to join the coalition that gave this address as its contact. The coalition had already approved a request from the same organization with this address. If you made no such request, withdraw it with the link below.',
  memberChanged: (answers) =>
    `The new request changed ${answers}, which would change what the public list shows. Those changes are not applied yet: with the link below you can ask the coalition for them. It reviews them first; until then the organization stays a member and the public list shows it as it is now.`,
  memberChangedThrough: (answers) =>
    `The new request changed ${answers}. Those changes are not applied yet: with the link below you can ask the coalition for them, and it reviews them first. Your organization is counted through an earlier approved request from the same web domain, and the public list shows it, or not, as that request asked, so they would change nothing the public sees while that request stands.`,
  pendingSubject: (org) => `The request from ${org} is awaiting the coalition’s review`,
  pendingIntro: (org) =>
    `We received a new request for ${org} to join the coalition. The request you confirmed earlier is awaiting the coalition’s review; we will email you once it has been reviewed.`,
  pendingChanged: (answers) =>
    `The new request changed ${answers}. Those changes were not applied: the coalition reviews the request as you confirmed it. To change them, withdraw the request with the link below, then send the form again with the new answers.`,
  answerNames: {
    name: 'the organization’s name',
    type: 'its type',
    website: 'its website',
    region: 'where it is',
    size: 'the number of radiologists',
    contact_name: 'your name',
    contact_title: 'your title',
    list_publicly: 'whether it is listed publicly',
  },
  memberApply: (answers) =>
    `The new request changed ${answers}: those changes make nothing more public, so you can apply them yourself, without a new review, and the organization stays a member from the day it joined. To see and apply them, use this link:`,
  memberApplyLink: 'Apply the changes',
  changeHeading: 'Change your organization’s details',
  changeBody: (org) =>
    `A new request for ${org} asked for these changes. The organization stays a member of the coalition, from the day it joined; nothing else changes.`,
  changeCaption: 'The changes you can apply yourself',
  changeNow: 'Now',
  changeAfter: 'After the change',
  changeStale: 'Newer answers arrived since this page was shown. Check the changes again before applying them.',
  changePending: (day) =>
    `On ${day} you asked for changes that are still waiting for review. These answers replace them: only the changes this page shows will wait for review, and any others are dropped.`,
  changeReviewCaption: 'Changes the coalition reviews first',
  changeAsked: 'Asked',
  changeReview:
    'These change what the public list shows, so the coalition reviews them before they apply. Until then the organization stays a member, from the day it joined, and the public list shows it as it is now. We will email you once they are reviewed.',
  changeAskButton: 'Ask for the changes',
  changeApplyAndAsk: 'Apply and ask for the changes',
  memberReviewLink: 'See and ask for the changes',
  changeAskedHeading: 'Your changes are waiting for review',
  changeAskedBody:
    'The coalition will review the changes to what the public list shows, and we will email you once it has. Until then the organization stays a member and the public list shows it as it is now. Any other changes you asked for are applied.',
  changeApprovedSubject: (org) => `The coalition approved the changes to ${org}`,
  changeApprovedIntro: (org, listed) =>
    `The coalition has approved the changes you asked for to your organization’s details. ${org} stays a member from the day it joined, ${listed ? 'and the list of organizations shows the new details now (within a minute).' : 'with its new details.'}`,
  changeDeclinedSubject: (org) => `The coalition reviewed the changes to ${org}`,
  changeDeclinedIntro: (org, day) =>
    `The coalition has reviewed the changes you asked for on ${day} to the details of ${org}, and is not applying them at this time. The organization stays a member from the day it joined, and the list of organizations shows it as before. If you think this is a mistake, ask the member society you work with to raise it with the coalition.`,
  changedHeading: 'Your organization’s details are changed',
  changedBody: 'The changes are applied. The organization is still a member of the coalition, from the day it joined.',
  changedUnlistedBody:
    'The changes are applied. The organization is still a member of the coalition and counts among those that have joined, from the day it joined, but its name is no longer on the public list (within a minute).',
  changedThroughBody:
    'The changes are applied. The organization is still a member of the coalition, from the day it joined. It is counted through an earlier approved request from the same web domain, and the public list shows it, or not, as that request asked: so this change alters nothing the public sees. Your choice would apply only if that request were withdrawn.',
  changeThrough:
    'Your organization is counted through an earlier approved request from the same web domain, and the public list shows it, or not, as that request asked. So these changes alter nothing the public sees while that request stands.',
  changeReviewThrough:
    'The coalition still reviews these before they apply, since they would show if that earlier request were withdrawn. Until then the organization stays a member, from the day it joined. We will email you once they are reviewed.',
  changeAskedThroughBody:
    'The coalition will review the changes you asked for, and we will email you once it has. While an earlier approved request from the same web domain counts your organization, the public list follows that request, so these changes alter nothing the public sees. Any other changes you asked for are applied.',
  changedSubject: (org) => `The details of ${org} are changed`,
  changedIntro: (org) => `As you asked, these details of ${org} are changed. The organization stays a member of the coalition, from the day it joined.`,
  changedReviewWaits: 'The other changes you asked for wait for the coalition’s review; we will email you once they are reviewed.',
  changeNoneHeading: 'Nothing to change',
  changeNoneBody:
    'No changes are waiting that this link can apply: they were applied already, or set aside by a newer decision of the coalition’s. To change its details, send the organization form again with the new answers, and we will email you.',
  changeCappedBody: (day) =>
    `No changes are waiting that this link can apply. To change the organization’s details, send the organization form again with the new answers from ${day}, and we will email you. Until then a form sent again brings no email: a contact gets at most ${MAX_MEMBER_REMINDERS} of these emails in any ${QUOTA_WINDOW_DAYS} days (a limit against abuse), and that many were asked for in the last ${QUOTA_WINDOW_DAYS}.`,
  changeConfirms: (name) =>
    `Pressing the button also confirms that this email address is yours and that you are ${name}, the organization’s contact: our emails will greet you by that name.`,
  changeEndedHeading: 'Your organization’s membership has ended',
  changeEndedBody:
    'This link has nothing left to change: the organization’s membership through your request has ended, as it was withdrawn, removed or declined. To join the coalition again, send the organization form; we will email you a link to confirm the request.',
  declinedSubject: (org) => `The coalition has reviewed the request from ${org}`,
  declinedIntro: (org) =>
    `The Radiology Health Equity Coalition has reviewed the request from ${org} to join and is not adding it to the organizations that have joined, at this time. If you think this is a mistake, ask the member society you work with to raise it with the coalition.`,
  declinedErasure: (days) => `Your name and email address will be erased from the request ${days} days after this decision; the link below erases them now.`,
  approvedListed: 'It is listed on the coalition’s list of organizations.',
  approvedUnlisted: 'As you asked, it is counted but not listed by name.',
  approvedUnlistedUnconfirmed: 'As the request asked, it is counted but not listed by name.',
  approvedJoinedListed: 'An earlier request from the same web domain was approved too, so your organization is counted once, and listed as that request asked.',
  approvedJoinedUnlisted: 'An earlier request from the same web domain was approved too, so your organization is counted once, and, as that request asked, not listed by name.',
  withdrawAction: 'To withdraw the organization and erase your details, use this link:',
  withdrawRequestAction: 'To withdraw the request and erase your details, use this link:',
  withdrawRequestLink: 'Withdraw the request',
  declinedEraseAction: 'To erase your details now, use this link:',
  declinedEraseLink: 'Erase my details',
  eraseHeading: 'Erase your details',
  erasedHeading: 'Your details are erased',
  erasedBody: 'Your name and email address have been erased from the request.',
  eraseBody: (name) => `The coalition did not add ${name} to the organizations that have joined, so it is not counted or listed. Press the button to erase your name and email address from the request now.`,
  withdrawLink: 'Withdraw the organization',
  signature: 'The Radiology Health Equity Coalition',
  sentTo: (email) => `This email was sent to ${email} because this address was given as the contact for an organization.`,
};

const es: OrgStrings = {
  commitmentText:
    'Nuestra organización se compromete a promover la equidad en salud en nuestra práctica y a actuar para reducir las disparidades en salud en radiología.',
  joinHeading: 'Únase a la coalición como organización',
  trapLabel: 'Deje esto vacío',
  joinIntro:
    'Las prácticas de radiología, los departamentos académicos, los sistemas de salud, los centros de imágenes y las sociedades pueden unirse a la Radiology Health Equity Coalition. La coalición revisa cada solicitud antes de contarla.',
  nameLabel: 'Nombre de la organización',
  typeLegend: '¿Qué tipo de organización es?',
  types: {
    practice: 'Práctica o grupo de radiología',
    department: 'Departamento académico',
    'health-system': 'Hospital o sistema de salud',
    'imaging-center': 'Centro de imágenes',
    society: 'Sociedad profesional',
    industry: 'Industria',
    other: 'Otro',
  },
  websiteLabel: 'Sitio web',
  websiteHint: 'Por ejemplo, https://www.ejemplo.org',
  regionLabel: 'Estado de EE. UU. o país',
  regionHint: 'Dónde tiene su sede la organización.',
  regionNone: 'Elija un estado o un país',
  regionUs: 'Estados y territorios de EE. UU.',
  regionCountries: 'Países',
  countryNamed: (name) => `${name} (país)`,
  sizeLegend: '¿Aproximadamente cuántos radiólogos y radiólogas trabajan allí?',
  // US Spanish, as formatNumber writes it on every Spanish page (es-US: 1,000; Spain's 1.000 reads as a decimal in the US).
  sizes: { '1-9': 'De 1 a 9', '10-49': 'De 10 a 49', '50-199': 'De 50 a 199', '200-999': 'De 200 a 999', '1000+': `${formatNumber(1000, 'es')} o más` },
  contactLegend: 'Persona de contacto',
  contactHint: 'Alguien que pueda hablar en nombre de la organización. Nunca publicamos sus datos.',
  contactNameLabel: 'Nombre completo',
  contactEmailLabel: 'Correo electrónico',
  contactEmailHint:
    'Enviaremos un enlace para confirmar la solicitud. Una dirección del mismo dominio que el sitio web de la organización nos permite verificarla antes.',
  contactTitleLabel: 'Cargo',
  commitmentLegend: 'El compromiso',
  listPubliclyLabel: 'Incluir a nuestra organización en la lista pública de miembros de la coalición',
  listPubliclyHint: 'Su nombre, tipo, sitio web y estado o país. Si no marca esta casilla, la organización se cuenta, pero no aparece su nombre.',
  optional: '(opcional)',
  privacy:
    'Usamos el nombre y el correo del contacto solo para confirmar y revisar esta solicitud y para comunicarle el resultado. Esa persona puede retirar la solicitud en cualquier momento desde el enlace que incluye cada correo; al hacerlo, se borran sus datos.',
  submit: 'Solicitar la adhesión',
  errorSummaryTitle: 'Hay un problema',
  errorPrefix: 'Error:',
  busy: 'No pudimos guardar la solicitud ahora. Envíela de nuevo en un momento.',
  limited: 'Han llegado muchas solicitudes desde su red en el último minuto. Espere un minuto y envíe esta de nuevo: lo que escribió se conserva abajo.',
  messages: {
    'name.missing': 'Escriba el nombre de la organización',
    'name.long': 'El nombre de la organización debe tener 200 caracteres o menos',
    'name.control': 'El nombre de la organización no debe contener saltos de línea, caracteres de control ni caracteres dañados (�)',
    'name.letter': 'El nombre de la organización debe incluir al menos una letra o una cifra',
    'name.blank': 'El nombre de la organización contiene un carácter que se ve como espacio en blanco o que acumula marcas sobre una letra; vuelva a escribir el nombre',
    'name.link': 'El nombre de la organización no debe parecer una dirección web: escriba su sitio web en el campo Sitio web',
    'type.missing': 'Seleccione qué tipo de organización es',
    'website.missing': 'Escriba el sitio web de la organización',
    'website.long': 'El sitio web debe tener 300 caracteres o menos',
    'website.format': 'Escriba una dirección web como https://www.ejemplo.org',
    'website.email': 'Eso es una dirección de correo: escriba en su lugar el sitio web de la organización, como https://www.ejemplo.org',
    'website.scheme': 'Escriba una dirección web que empiece por https:// (o http://), como https://www.ejemplo.org',
    'website.port': 'Escriba el sitio web sin número de puerto (dos puntos y cifras tras su nombre), como https://www.ejemplo.org',
    'website.ip': 'Escriba el nombre del sitio web, no una dirección IP, como https://www.ejemplo.org',
    'website.suffix': 'Esa es una terminación que comparten muchos sitios web, no un sitio: escriba la dirección propia de la organización, como https://www.ejemplo.org',
    'website.ending': 'Esa dirección no termina como terminan los sitios web (como .org o .com): revise su última parte, como https://www.ejemplo.org',
    'region.format': 'Seleccione un estado de EE. UU. o un país de la lista',
    'size.format': `Seleccione uno de los rangos de radiólogos y radiólogas (size debe ser uno de ${ORG_SIZES.join(', ')})`,
    'contact.missing': 'Escriba el nombre y el correo de la persona de contacto',
    'contact.name.missing': 'Escriba el nombre completo de la persona de contacto',
    'contact.name.long': 'El nombre completo debe tener 120 caracteres o menos',
    'contact.name.control': 'El nombre completo no debe contener saltos de línea, caracteres de control ni caracteres dañados (�)',
    'contact.name.letter': 'El nombre completo debe incluir al menos una letra',
    'contact.name.characters': 'El nombre completo solo puede incluir letras, espacios, guiones, apóstrofos, comas y puntos',
    'contact.name.link': 'El nombre completo no debe parecer una dirección web: ponga un espacio después de cada punto',
    'contact.email.missing': 'Escriba el correo electrónico de la persona de contacto',
    'contact.email.long': 'El correo electrónico debe tener 254 caracteres o menos',
    'contact.email.format': 'Escriba un correo electrónico con el formato correcto, como nombre@ejemplo.org',
    'contact.email.local': 'Antes de la @, use solo letras sin tilde, números y signos como . _ - +',
    'contact.title.long': 'El cargo debe tener 120 caracteres o menos',
    'contact.title.control': 'El cargo no debe contener saltos de línea, caracteres de control ni caracteres dañados (�)',
    'contact.title.type': 'Escriba el cargo como texto',
    'commitment.missing': 'Marque la casilla para asumir el compromiso de la organización',
    'name.type': 'Escriba el nombre de la organización como texto',
    'website.type': 'Escriba el sitio web de la organización como texto',
    'contact.type': 'Envíe el contacto como un objeto con el nombre y el correo de la persona',
    'contact.name.type': 'Escriba el nombre completo de la persona de contacto como texto',
    'contact.email.type': 'Escriba el correo electrónico de la persona de contacto como texto',
    'type.unknown': `Seleccione qué tipo de organización es (type debe ser uno de ${ORG_TYPES.join(', ')})`,
    'commitment.type': 'Marque la casilla para asumir el compromiso de la organización (commitment debe ser true)',
    'listPublicly.type': 'Indique si la organización puede aparecer en la lista pública (listPublicly debe ser true o false)',
    'form.type': 'Envíe la solicitud como un objeto JSON',
    'origin.unregistered': 'Este sitio no está registrado en la coalición, así que no puede enviar la solicitud de una organización. Comuníquese con el responsable del sitio web',
    'lang.type': 'Elija inglés o español (lang debe ser "en" o "es")',
    fallback: 'Revise esta respuesta',
  },
  thanksHeading: 'Revise su correo',
  thanksBody: 'Hemos enviado a la persona de contacto un enlace para confirmar esta solicitud. Contará cuando la confirme y la coalición la apruebe.',
  thanksNext: 'Escribiremos a la persona de contacto cuando la coalición la apruebe.',
  listHeading: 'Organizaciones de la coalición',
  listIntro: 'Organizaciones de radiología que se han comprometido a promover la equidad en salud y reducir las disparidades en salud.',
  joinedCount: (n) => (n === 1 ? 'Se ha unido 1 organización' : `Se han unido ${formatNumber(n, 'es')} organizaciones`),
  notListed: (n) => (n === 1 ? '1 organización prefirió no aparecer con su nombre.' : `${formatNumber(n, 'es')} organizaciones prefirieron no aparecer con su nombre.`),
  filterLegend: 'Filtrar la lista',
  filterType: 'Tipo de organización',
  filterRegion: 'Estado de EE. UU. o país',
  filterAll: 'Todos',
  filterButton: 'Mostrar organizaciones',
  filterNone: 'Ninguna organización de la lista coincide con estos filtros.',
  filterShowing: (n) => (n === 1 ? 'Se muestra 1 organización.' : `Se muestran ${formatNumber(n, 'es')} organizaciones.`),
  filterClear: 'Mostrar todas las organizaciones',
  joinedOn: (date) => `Se unió el ${date}`,
  joinLink: 'Unirse como organización',
  forOrganization: '¿Se compromete en nombre de su organización?',
  confirmHeading: 'Confirme la solicitud de su organización',
  confirmBody: (name) => `Presione el botón para confirmar que pidió que ${name} se una a la Radiology Health Equity Coalition.`,
  confirmButton: 'Confirmar la solicitud',
  detailType: 'Tipo de organización',
  detailSize: 'Número de radiólogos y radiólogas',
  detailContact: 'Contacto',
  detailListing: 'Lista pública',
  detailListed: 'Aparece con su nombre',
  detailUnlisted: 'Se cuenta, sin su nombre',
  detailNone: 'No indicado',
  confirmChange:
    '¿Algo que cambiar? Antes de confirmar, envíe el formulario de nuevo desde la misma dirección de correo: le enviaremos un enlace nuevo y la solicitud tendrá sus respuestas más recientes.',
  confirmChangeLink: 'El formulario para unirse',
  confirmChanged: 'Esta solicitud cambió después de que abrió esta página. Revise las respuestas de abajo y luego confirme.',
  confirmedHeading: 'Gracias',
  confirmedBody: 'La solicitud está confirmada. La coalición la revisará y le escribirá con su decisión.',
  alreadyConfirmed: 'Esta solicitud ya estaba confirmada. La coalición le escribirá cuando la haya revisado.',
  alreadyApproved: 'La solicitud está confirmada y la coalición ya la aprobó: su organización se cuenta entre las que se han unido.',
  alreadyDeclined: 'La solicitud está confirmada. La coalición ya la revisó y por ahora no la añade a las organizaciones que se han unido. Si cree que se trata de un error, pida a la sociedad miembro con la que trabaja que lo plantee a la coalición.',
  withdrawHeading: 'Retire a su organización',
  withdrawBody: (name) =>
    `Presione el botón para que ${name} deje la coalición: ya no se contará ni aparecerá en la lista, y su nombre y su correo se borrarán.`,
  withdrawStaysListedBody: (name) =>
    `Presione el botón para retirar la solicitud que hizo en nombre de ${name}. La organización seguirá en la lista de la coalición, por otra solicitud para el mismo sitio web hecha por otra persona. Su nombre y su correo se borrarán.`,
  withdrawOwnRequestBody: (name) => `Presione el botón para retirar la solicitud que hizo en nombre de ${name}. Su nombre y su correo se borrarán.`,
  removedHeading: 'Esta solicitud se eliminó',
  removedBody: 'El equipo que administra la coalición eliminó esta solicitud, y los datos de su contacto se han borrado. No hay nada que confirmar ni retirar.',
  closedHeading: 'Esta solicitud está cerrada',
  closedBody: 'La solicitud ya no está abierta, y los datos de su contacto se han borrado. No hay nada que confirmar ni retirar.',
  withdrawRequestHeading: 'Retire la solicitud de su organización',
  withdrawRequestBody: (name) => `Presione el botón para retirar la solicitud de adhesión de ${name} a la coalición. Su nombre y su correo se borrarán.`,
  withdrawButton: 'Retirar y borrar',
  withdrawnHeading: 'Su solicitud se ha retirado',
  withdrawnBody: 'La solicitud se ha retirado: la organización no se cuenta ni aparece en la lista, y sus datos se han borrado.',
  withdrawnOthersBody:
    'Su solicitud se ha retirado y sus datos se han borrado. La organización sigue en la lista de la coalición, por otra solicitud para el mismo sitio web hecha por otra persona. El equipo que administra la coalición ve su retirada junto a ella al revisar las solicitudes de la organización.',
  withdrawnRequestBody: 'Su solicitud se ha retirado y sus datos se han borrado.',
  leftHeading: 'Su organización ha dejado la coalición',
  leftBody: 'Su organización ha dejado la coalición: ya no se cuenta ni aparece en la lista, y sus datos se han borrado.',
  invalidHeading: 'Este enlace no funciona',
  invalidBody: 'Compruebe que copió el enlace completo del correo.',
  confirmWithdrawnHeading: 'Esta solicitud se retiró',
  confirmWithdrawnBody: 'No hay nada que confirmar: la solicitud ya no está abierta y sus datos se han borrado. Para adherirse, vuelva a solicitarlo.',
  expiredHeading: 'Este enlace ha caducado',
  expiredBody: 'Vuelva a solicitar la adhesión con el mismo sitio web y la misma dirección de correo, y le enviaremos un enlace nuevo.',
  expiredLink: 'Volver a solicitar la adhesión',
  greeting: (name) => `Hola, ${name}:`,
  salutation: 'Hola:',
  confirmSubject: 'Confirme su solicitud para unirse a la Radiology Health Equity Coalition',
  confirmIntro: 'Gracias por pedir que su organización se una a la Radiology Health Equity Coalition con este compromiso:',
  confirmAction: 'Confirme la solicitud con este enlace (es válido durante 30 días):',
  confirmVerified: 'Su dirección de correo pertenece al dominio del sitio web de la organización: al confirmar con el enlace de arriba, demuestra que es suya, y la coalición cuenta entonces la solicitud como verificada.',
  confirmUnverified: 'Su correo no pertenece al dominio del sitio web de la organización, así que la coalición podría comunicarse con usted para verificar la solicitud.',
  approvedSubject: (org) => `${org} se ha unido a la Radiology Health Equity Coalition`,
  approvedIntro: (org) => `La coalición ha aprobado la solicitud de ${org}. Le damos la bienvenida: su organización ya cuenta entre las que se han unido.`,
  approvedSubjectUnconfirmed: 'Se ha aprobado su solicitud para unirse a la Radiology Health Equity Coalition',
  approvedIntroUnconfirmed:
    'La coalición ha aprobado una solicitud de adhesión que indicaba esta dirección como contacto. Le damos la bienvenida: la organización ya cuenta entre las que se han unido. Si usted no hizo esa solicitud, retírela con el enlace de abajo.',
  memberSubject: (org) => `${org} ya es miembro de la Radiology Health Equity Coalition`,
  memberIntro: (org, day) =>
    `Hemos recibido una nueva solicitud para que ${org} se una a la coalición. No hace falta hacer nada más: la coalición aprobó su solicitud el ${day}, y sigue contando entre las organizaciones que se han unido.`,
  memberSubjectUnconfirmed: 'Su organización ya es miembro de la Radiology Health Equity Coalition',
  memberIntroUnconfirmed:
    'Hemos recibido una nueva solicitud para unirse a la coalición que indicaba esta dirección como contacto. La coalición ya había aprobado una solicitud de la misma organización con esta dirección, así que no hace falta hacer nada más. Si usted no hizo esta solicitud, retírela con el enlace de abajo.',
  memberIntroChanged: (org, day) =>
    `Hemos recibido una nueva solicitud para que ${org} se una a la coalición. La coalición aprobó su solicitud el ${day}, y sigue contando entre las organizaciones que se han unido.`,
  memberIntroUnconfirmedChanged:
    'Hemos recibido una nueva solicitud para unirse a la coalición que indicaba esta dirección como contacto. La coalición ya había aprobado una solicitud de la misma organización con esta dirección. Si usted no hizo esta solicitud, retírela con el enlace de abajo.',
  memberChanged: (answers) =>
    `La nueva solicitud cambiaba ${answers}, lo que cambiaría lo que muestra la lista pública. Esos cambios aún no se han aplicado: con el enlace de abajo puede pedírselos a la coalición. La coalición los revisará primero; mientras tanto, la organización sigue siendo miembro y la lista pública la muestra tal como está ahora.`,
  memberChangedThrough: (answers) =>
    `La nueva solicitud cambiaba ${answers}. Esos cambios aún no se han aplicado: con el enlace de abajo puede pedírselos a la coalición, que los revisará primero. Su organización se cuenta a través de una solicitud anterior aprobada del mismo dominio web, y la lista pública la muestra, o no, como pidió esa solicitud, así que no cambiarían nada de lo que ve el público mientras esa solicitud siga en pie.`,
  pendingSubject: (org) => `La solicitud de ${org} espera la revisión de la coalición`,
  pendingIntro: (org) =>
    `Hemos recibido una nueva solicitud para que ${org} se una a la coalición. La solicitud que usted confirmó está pendiente de la revisión de la coalición; le escribiremos cuando se haya revisado.`,
  pendingChanged: (answers) =>
    `La nueva solicitud cambiaba ${answers}. Esos cambios no se han aplicado: la coalición revisará la solicitud tal como usted la confirmó. Para cambiarlos, retire la solicitud con el enlace de abajo y envíe de nuevo el formulario con las nuevas respuestas.`,
  answerNames: {
    name: 'el nombre de la organización',
    type: 'su tipo',
    website: 'su sitio web',
    region: 'dónde está',
    size: 'el número de radiólogos y radiólogas',
    contact_name: 'su nombre',
    contact_title: 'su cargo',
    list_publicly: 'si aparece en la lista pública',
  },
  memberApply: (answers) =>
    `La nueva solicitud cambiaba ${answers}: esos cambios no hacen público nada más, así que puede aplicarlos por su cuenta, sin una nueva revisión, y la organización sigue siendo miembro desde el día en que se unió. Para verlos y aplicarlos, use este enlace:`,
  memberApplyLink: 'Aplicar los cambios',
  changeHeading: 'Cambiar los datos de su organización',
  changeBody: (org) =>
    `Una nueva solicitud para ${org} pidió estos cambios. La organización sigue siendo miembro de la coalición desde el día en que se unió; nada más cambia.`,
  changeCaption: 'Los cambios que puede aplicar usted',
  changeNow: 'Ahora',
  changeAfter: 'Tras el cambio',
  changeStale: 'Llegaron respuestas más recientes desde que se mostró esta página. Revise de nuevo los cambios antes de aplicarlos.',
  changePending: (day) =>
    `El ${day} pidió cambios que aún esperan la revisión. Estas respuestas los sustituyen: solo esperarán la revisión los cambios que muestra esta página, y los demás se descartan.`,
  changeReviewCaption: 'Cambios que la coalición revisa primero',
  changeAsked: 'Lo que se pide',
  changeReview:
    'Estos cambian lo que muestra la lista pública, así que la coalición los revisa antes de aplicarlos. Mientras tanto, la organización sigue siendo miembro desde el día en que se unió, y la lista pública la muestra tal como está ahora. Le escribiremos cuando se hayan revisado.',
  changeAskButton: 'Pedir los cambios',
  changeApplyAndAsk: 'Aplicar y pedir los cambios',
  memberReviewLink: 'Ver y pedir los cambios',
  changeAskedHeading: 'Sus cambios esperan la revisión',
  changeAskedBody:
    'La coalición revisará los cambios de lo que muestra la lista pública y le escribiremos cuando lo haya hecho. Mientras tanto, la organización sigue siendo miembro y la lista pública la muestra tal como está ahora. Los demás cambios que pidió ya se han aplicado.',
  changeApprovedSubject: (org) => `La coalición aprobó los cambios de ${org}`,
  changeApprovedIntro: (org, listed) =>
    `La coalición ha aprobado los cambios que pidió en los datos de su organización. ${org} sigue siendo miembro desde el día en que se unió, ${listed ? 'y la lista de organizaciones ya muestra los nuevos datos (en un minuto).' : 'con sus nuevos datos.'}`,
  changeDeclinedSubject: (org) => `La coalición revisó los cambios de ${org}`,
  changeDeclinedIntro: (org, day) =>
    `La coalición ha revisado los cambios que pidió el ${day} en los datos de ${org} y por ahora no los aplica. La organización sigue siendo miembro desde el día en que se unió, y la lista de organizaciones la muestra como antes. Si cree que se trata de un error, pida a la sociedad miembro con la que trabaja que lo plantee a la coalición.`,
  changedHeading: 'Los datos de su organización se han cambiado',
  changedBody: 'Los cambios se han aplicado. La organización sigue siendo miembro de la coalición desde el día en que se unió.',
  changedUnlistedBody:
    'Los cambios se han aplicado. La organización sigue siendo miembro de la coalición y cuenta entre las que se han unido, desde el día en que se unió, pero su nombre ya no figura en la lista pública (en un minuto).',
  changedThroughBody:
    'Los cambios se han aplicado. La organización sigue siendo miembro de la coalición desde el día en que se unió. Se cuenta a través de una solicitud anterior aprobada del mismo dominio web, y la lista pública la muestra, o no, como pidió esa solicitud: por eso este cambio no altera nada de lo que ve el público. Su elección solo se aplicaría si esa solicitud se retirara.',
  changeThrough:
    'Su organización se cuenta a través de una solicitud anterior aprobada del mismo dominio web, y la lista pública la muestra, o no, como pidió esa solicitud. Por eso estos cambios no alteran nada de lo que ve el público mientras esa solicitud siga en pie.',
  changeReviewThrough:
    'La coalición los revisa de todos modos antes de aplicarlos, porque se verían si esa solicitud anterior se retirara. Mientras tanto, la organización sigue siendo miembro desde el día en que se unió. Le escribiremos cuando se hayan revisado.',
  changeAskedThroughBody:
    'La coalición revisará los cambios que pidió y le escribiremos cuando lo haya hecho. Mientras una solicitud anterior aprobada del mismo dominio web cuente a su organización, la lista pública sigue a esa solicitud, así que estos cambios no alteran nada de lo que ve el público. Los demás cambios que pidió ya se han aplicado.',
  changedSubject: (org) => `Se han cambiado los datos de ${org}`,
  changedIntro: (org) => `Como pidió, se han cambiado estos datos de ${org}. La organización sigue siendo miembro de la coalición desde el día en que se unió.`,
  changedReviewWaits: 'Los demás cambios que pidió esperan la revisión de la coalición; le escribiremos cuando se hayan revisado.',
  changeNoneHeading: 'No hay nada que cambiar',
  changeNoneBody:
    'No hay cambios pendientes que este enlace pueda aplicar: ya se aplicaron, o una decisión posterior de la coalición los dejó de lado. Para cambiar sus datos, envíe de nuevo el formulario de la organización con las nuevas respuestas y le enviaremos un correo.',
  changeCappedBody: (day) =>
    `No hay cambios pendientes que este enlace pueda aplicar. Para cambiar los datos de la organización, envíe de nuevo el formulario de la organización con las nuevas respuestas a partir del ${day} y le enviaremos un correo. Hasta entonces, volver a enviar el formulario no trae ningún correo: un contacto recibe como máximo ${MAX_MEMBER_REMINDERS} de estos correos en ${QUOTA_WINDOW_DAYS} días (un límite contra el abuso), y ya se pidieron esos en los últimos ${QUOTA_WINDOW_DAYS}.`,
  changeConfirms: (name) =>
    `Al pulsar el botón confirma también que esta dirección de correo es suya y que usted es ${name}, el contacto de la organización: nuestros correos le saludarán con ese nombre.`,
  changeEndedHeading: 'La adhesión de su organización ha terminado',
  changeEndedBody:
    'Este enlace ya no tiene nada que cambiar: la adhesión de la organización a través de su solicitud ha terminado, porque se retiró, se eliminó o se rechazó. Para volver a unirse a la coalición, envíe el formulario de la organización; le enviaremos un enlace para confirmar la solicitud.',
  declinedSubject: (org) => `La coalición ha revisado la solicitud de ${org}`,
  declinedIntro: (org) =>
    `La Radiology Health Equity Coalition ha revisado la solicitud de ${org} para unirse y por ahora no la añade a las organizaciones que se han unido. Si cree que se trata de un error, pida a la sociedad miembro con la que trabaja que lo plantee a la coalición.`,
  declinedErasure: (days) => `Su nombre y su dirección de correo se borrarán de la solicitud ${days} días después de esta decisión; el enlace de abajo los borra ahora.`,
  approvedListed: 'Aparece en la lista de organizaciones de la coalición.',
  approvedUnlisted: 'Como pidió, se cuenta pero no aparece con su nombre.',
  approvedUnlistedUnconfirmed: 'Como pedía la solicitud, se cuenta pero no aparece con su nombre.',
  approvedJoinedListed: 'También se aprobó una solicitud anterior del mismo dominio web, así que su organización se cuenta una sola vez y aparece en la lista como pidió esa solicitud.',
  approvedJoinedUnlisted: 'También se aprobó una solicitud anterior del mismo dominio web, así que su organización se cuenta una sola vez y, como pidió esa solicitud, no aparece con su nombre.',
  withdrawAction: 'Para retirar a la organización y borrar sus datos, use este enlace:',
  withdrawRequestAction: 'Para retirar la solicitud y borrar sus datos, use este enlace:',
  withdrawRequestLink: 'Retirar la solicitud',
  declinedEraseAction: 'Para borrar sus datos ahora, use este enlace:',
  declinedEraseLink: 'Borrar mis datos',
  eraseHeading: 'Borre sus datos',
  erasedHeading: 'Sus datos se han borrado',
  erasedBody: 'Su nombre y su correo se han borrado de la solicitud.',
  eraseBody: (name) => `La coalición no añadió ${name} a las organizaciones que se han unido, así que no se cuenta ni aparece en su lista. Presione el botón para borrar ahora su nombre y su correo de la solicitud.`,
  withdrawLink: 'Retirar a la organización',
  signature: 'La Radiology Health Equity Coalition',
  sentTo: (email) => `Este correo se envió a ${email} porque esta dirección se indicó como contacto de una organización.`,
};

export const ORG_STRINGS: Record<Lang, OrgStrings> = { en, es };

/** The message for one schema key, in `lang`. */
export function orgMessage(lang: Lang, key: string): string {
  const m = ORG_STRINGS[lang].messages;
  return m[key] ?? regionMeantMessage(lang, key) ?? m.fallback ?? key;
}

/** Field errors as keys → as messages in `lang`, each said once (two checks may fail with the same words). */
export function orgMessages(lang: Lang, keys: Partial<Record<string, string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(keys).map(([field, list]) => [field, [...new Set((list ?? []).map((k) => orgMessage(lang, k)))]]));
}
