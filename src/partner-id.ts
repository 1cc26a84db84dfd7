/**
 * A partner id as the pledge service writes it (`RSNA`, ` rsna` are `rsna`, as the Worker reads
 * them). A function, not a member of the element: the drop-in script's private members are
 * renamed by its build (scripts/mangle-private-members.ts), and the after module, built on its
 * own, would not find one by its source name.
 */
export const partnerIdOf = (partner: string | null | undefined): string => (partner || '').trim().toLowerCase();
