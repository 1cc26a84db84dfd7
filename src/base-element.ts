/**
 * The part of LitElement the pledge widget uses, on Lit's own renderer (lit-html): declared
 * properties with attributes (String, Number, Boolean; `reflect`; `state`), one batched update
 * per microtask (`requestUpdate`, `willUpdate`, `render`, `updated`, `updateComplete`,
 * `hasUpdated`), static `styles` (CSS text) adopted in an open shadow root, and reactive
 * controllers (kiosk mode's). Same names and timing as LitElement's, so the element's code and
 * tests read as before.
 *
 * Why not LitElement itself: its reactive base and css-tag are 3.1 KB gzip of the 12 KB the
 * drop-in script aims at (issue 15, BENCHMARKS.md), mostly for what this element never uses
 * (converters for objects and arrays, `hasChanged`, decorators, inherited declarations,
 * CSSResult's interpolation checks, the dev-mode warnings). Templates, directives and rendering
 * are still Lit's.
 */
import { render, type RenderOptions } from 'lit/html.js';
import { adoptStyles } from './adopt-styles.ts';

/** How a declared property meets its attribute (a subset of Lit's `PropertyDeclaration`). */
export interface PropertyDeclaration {
  /** The attribute's name; the property's name, lower-cased, by default. */
  attribute?: string | boolean;
  /** `Number` or `Boolean` converts the attribute; a string otherwise. */
  type?: NumberConstructor | BooleanConstructor;
  /** Writes the property back to its attribute after each update. */
  reflect?: boolean;
  /** Internal state: renders on change, no attribute. */
  state?: boolean;
}

/** The properties changed since the last update, with their previous values. */
export type PropertyValues = Map<PropertyKey, unknown>;

/** Lit's controller shape: called when the host connects, disconnects and updates. */
export interface ReactiveController {
  hostConnected?(): void;
  hostDisconnected?(): void;
  hostUpdate?(): void;
  hostUpdated?(): void;
}

/**
 * What a controller may use of its host (as Lit's `ReactiveControllerHost`, without
 * `removeController`: kiosk mode's controller lives as long as its element, and nothing else
 * adds one; 13 B of gzip).
 */
export interface ReactiveControllerHost {
  addController(controller: ReactiveController): void;
  requestUpdate(): void;
  readonly updateComplete: Promise<boolean>;
}

type Ctor = typeof BaseElement;

/** Per defined class: attribute name → property name, made with the accessors by `observedAttributes`. */
const ATTRIBUTES = new WeakMap<Ctor, Map<string, string>>();

/**
 * The attribute's value as the property's type (Lit's default converter, except that a boolean's
 * `"false"` is false: Vue writes `:hide-facts="false"` so before the element is defined).
 */
function fromAttribute(value: string | null, type: PropertyDeclaration['type']): unknown {
  return type === Boolean ? value !== null && value !== 'false' : type === Number ? (value === null ? null : Number(value)) : value;
}

/** A change, unless both are the same value (NaN included). */
const changed = (value: unknown, old: unknown) => old !== value && (old === old || value === value);

export abstract class BaseElement extends HTMLElement implements ReactiveControllerHost {
  /** Every element class declares its own (none here: a default the widget never reads is 5 B of gzip). */
  declare static properties: Record<string, PropertyDeclaration>;
  /** The element's stylesheet, as CSS text (see src/css.ts). */
  static styles?: string;
  /** Read once by `customElements.define`: makes each declared property's accessor, and lists the attributes. */
  static get observedAttributes(): string[] {
    let attributes = ATTRIBUTES.get(this);
    if (!attributes) {
      ATTRIBUTES.set(this, (attributes = new Map()));
      for (const [name, declaration] of Object.entries(this.properties)) {
        Object.defineProperty(this.prototype, name, {
          get(this: BaseElement) {
            return this._values.get(name);
          },
          set(this: BaseElement, value: unknown) {
            const old = this._values.get(name);
            this._values.set(name, value);
            this.requestUpdate(name, old);
          },
          configurable: true,
          enumerable: true,
        });
        const attribute = declaration.state || declaration.attribute === false ? '' : typeof declaration.attribute == 'string' ? declaration.attribute : name.toLowerCase();
        if (attribute) attributes.set(attribute, name);
      }
    }
    return [...attributes.keys()];
  }

  /** True once the element has rendered. */
  hasUpdated = false;
  /** The shadow root the template renders into. */
  renderRoot!: ShadowRoot;

  private _values = new Map<string, unknown>();
  private _changed: PropertyValues = new Map();
  private _reflecting = new Set<string>();
  /** Properties set on the element before its class was defined (a framework's, or a script's), set again on the first update. */
  private _early = new Map<string, unknown>();
  private _controllers = new Set<ReactiveController>();
  private _pending = false;
  private _enable!: (value: boolean) => void;
  /** Resolves when connected: no update runs before the element is in a document. */
  private _updatePromise: Promise<boolean> = new Promise((resolve) => (this._enable = resolve));
  private _renderOptions: RenderOptions = { host: this };

  constructor() {
    super();
    for (const name of Object.keys((this.constructor as Ctor).properties)) {
      if (hasOwn(this, name)) {
        this._early.set(name, (this as Record<string, unknown>)[name]);
        delete (this as Record<string, unknown>)[name];
      }
    }
    this.requestUpdate();
  }

  connectedCallback(): void {
    if (!this.renderRoot) {
      this.renderRoot = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const styles = (this.constructor as Ctor).styles;
      if (styles) adoptStyles(this.renderRoot, styles);
    }
    this._enable(true);
    this._controllers.forEach((c) => c.hostConnected?.());
  }

  disconnectedCallback(): void {
    this._controllers.forEach((c) => c.hostDisconnected?.());
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    const name = ATTRIBUTES.get(this.constructor as Ctor)!.get(attribute)!;
    (this as Record<string, unknown>)[name] = fromAttribute(value, (this.constructor as Ctor).properties[name]!.type);
  }

  addController(controller: ReactiveController): void {
    this._controllers.add(controller);
    if (this.renderRoot && this.isConnected) controller.hostConnected?.();
  }

  /** Schedules an update; with a property's name, only when its value changed from `old`. */
  requestUpdate(name?: string, old?: unknown): void {
    if (name !== undefined) {
      if (!changed((this as Record<string, unknown>)[name], old)) return;
      if (!this._changed.has(name)) this._changed.set(name, old);
      if ((this.constructor as Ctor).properties[name]?.reflect) this._reflecting.add(name);
    }
    if (!this._pending) this._updatePromise = this._enqueue();
  }

  private async _enqueue(): Promise<boolean> {
    this._pending = true;
    try {
      await this._updatePromise;
    } catch (e) {
      // The previous update threw: report it, and still run this one.
      void Promise.reject(e);
    }
    this.performUpdate();
    return !this._pending;
  }

  /** Runs the pending update now: `willUpdate`, render, reflect, then `updated`. */
  protected performUpdate(): void {
    if (!this._pending) return;
    if (!this.hasUpdated) {
      for (const [name, value] of this._early) (this as Record<string, unknown>)[name] = value;
      this._early.clear();
    }
    const changedProperties = this._changed;
    try {
      this.willUpdate(changedProperties);
      this._controllers.forEach((c) => c.hostUpdate?.());
      const result = this.render();
      for (const name of this._reflecting) {
        const value = (this as Record<string, unknown>)[name];
        const attribute = [...ATTRIBUTES.get(this.constructor as Ctor)!].find(([, n]) => n === name)![0];
        if (value == null) this.removeAttribute(attribute);
        else this.setAttribute(attribute, String(value));
      }
      this._markUpdated();
      render(result, this.renderRoot, this._renderOptions);
    } catch (e) {
      this._markUpdated();
      throw e;
    }
    this._controllers.forEach((c) => c.hostUpdated?.());
    this.hasUpdated = true;
    this.updated(changedProperties);
  }

  private _markUpdated() {
    this._changed = new Map();
    this._reflecting = new Set();
    this._pending = false;
  }

  /** Resolves once no update is pending (true), or false if another was requested meanwhile. */
  get updateComplete(): Promise<boolean> {
    return this.getUpdateComplete();
  }

  protected getUpdateComplete(): Promise<boolean> {
    return this._updatePromise;
  }

  protected willUpdate(_changed: PropertyValues): void {}

  protected abstract render(): unknown;

  protected updated(_changed: PropertyValues): void {}
}

/** `Object.hasOwn`, which Safari before 15.4 lacks. */
export function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}
