// <jixiao-checker>: the editor in the element's own shadow root. Registered once, by the
// package's start function, with the Rust function that mounts an editor.
//
// Attributes: lang ("zh" | "en"), readonly, profile ("10+90", "20+80", "10+90:60/20/10").
// Properties: value (the text checked; set it to check another), report (the Report, read only).
// Events (on the element, bubbling): jixiao-change (the user changed the form), jixiao-checked
// (a check finished); both with the Report in `detail`.

export function defineElement(mountIn) {
    if (customElements.get('jixiao-checker')) return;

    class JixiaoChecker extends HTMLElement {
        static observedAttributes = ['lang', 'readonly', 'profile'];

        #handle = null;
        #value = null;

        constructor() {
            super();
            // A value set before the element was defined sits on the instance: take it over.
            if (Object.prototype.hasOwnProperty.call(this, 'value')) {
                const v = this.value;
                delete this.value;
                this.#value = v == null ? null : String(v);
            }
        }

        connectedCallback() {
            if (this.#handle) return;
            const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
            this.#handle = mountIn(root, this, {
                lang: this.getAttribute('lang'),
                readonly: this.hasAttribute('readonly'),
                profile: this.getAttribute('profile'),
                value: this.#value,
            });
        }

        disconnectedCallback() {
            // Moved within the page, an element is disconnected and connected again at once.
            const handle = this.#handle;
            this.#handle = null;
            if (handle) {
                this.#value = handle.text();
                handle.destroy();
            }
        }

        attributeChangedCallback(name, _old, value) {
            const h = this.#handle;
            if (!h) return;
            if (name === 'lang') h.setLang(value ?? 'zh');
            else if (name === 'readonly') h.setReadonly(value !== null);
            else if (name === 'profile') {
                try { h.setProfile(value ?? '10+90'); } catch (e) { console.warn(e.message); }
            }
        }

        get value() {
            return this.#handle ? this.#handle.text() : (this.#value ?? '');
        }

        set value(text) {
            this.#value = text == null ? '' : String(text);
            if (this.#handle) this.#handle.setText(this.#value);
        }

        get report() {
            return this.#handle ? this.#handle.report() : null;
        }
    }

    customElements.define('jixiao-checker', JixiaoChecker);
}
