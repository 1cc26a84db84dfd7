/**
 * `npm run manifest` (custom-elements.json, published with the package). The element's internal
 * state is declared in its `static properties` (`state: true`) and its fields are `@internal`;
 * the analyzer drops the fields but lists a bare entry (no type, no description, no attribute)
 * for each such declaration. This drops those, so the manifest names only the public API.
 */
export default {
  plugins: [
    {
      name: 'rhec-drop-internal-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const declaration of mod.declarations ?? []) {
            if (!declaration.members) continue;
            declaration.members = declaration.members.filter(
              (m) => !(m.kind === 'field' && !m.type && !m.description && !m.attribute && !m.static),
            );
          }
        }
      },
    },
  ],
};
