/**
 * `npm run manifest` (custom-elements.json, published with the package). The element's internal
 * state is declared in its `static properties` (`state: true`) and its fields are `@internal`;
 * the analyzer drops the fields but lists a bare entry (no type, no description, no attribute)
 * for each such declaration, and an attribute for each (it reads `attribute: false`, which the
 * element leaves out beside `state: true`). This drops both, so the manifest names only the public API.
 */
export default {
  plugins: [
    {
      name: 'rhec-drop-internal-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const declaration of mod.declarations ?? []) {
            if (!declaration.members) continue;
            // A `state: true` declaration is no attribute (the base element gives it none), but the
            // analyzer, which reads `attribute: false` only, lists one for it: private, or bare.
            const internal = (m) => m?.kind === 'field' && !m.static && (m.privacy === 'private' || (!m.type && !m.description));
            const stateOnly = new Set(declaration.members.filter(internal).map((m) => m.name));
            if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !stateOnly.has(a.fieldName));
            for (const m of declaration.members) if (stateOnly.has(m.name)) delete m.attribute;
            declaration.members = declaration.members.filter(
              (m) => !(m.kind === 'field' && !m.type && !m.description && !m.attribute && !m.static),
            );
          }
        }
      },
    },
  ],
};
