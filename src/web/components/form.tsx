import type { Child, FC } from "hono/jsx";
import type { View } from "../view.ts";

/** A field a form refused, and why, in the reader's language; `field` is the id of its input. */
export interface FieldError {
  field: string;
  message: string;
}

export const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/** The field of the token every form that changes something carries (middleware/csrf.ts checks it). */
export const CSRF_FIELD = "_csrf";

/** The hidden token every form that changes something carries. */
export const Csrf: FC<{ v: View }> = ({ v }) => <input type="hidden" name={CSRF_FIELD} value={v.csrf} />;

/**
 * GOV.UK's error summary: at the top of the form, focused when the page
 * loads (app.js), each error a link that moves focus to its field.
 */
export const ErrorSummary: FC<{ v: View; errors: FieldError[] }> = ({ v, errors }) =>
  errors.length === 0 ? null : (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} data-autofocus="">
      <h2 id="error-summary-title">{v.t("form.errorSummaryTitle")}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );

interface FieldProps {
  id: string;
  label: string;
  hint?: Child;
  error?: string | undefined;
  /** Wider inputs for addresses and names, narrow ones for codes. */
  width?: "full" | "medium" | "short";
}

const describedBy = (id: string, hint: unknown, error: unknown) => [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

const FieldParts: FC<FieldProps & { children: Child }> = ({ id, label, hint, error, children }) => (
  <div class={error ? "field field--error" : "field"}>
    <label for={id}>{label}</label>
    {hint ? (
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    ) : null}
    {error ? (
      <p class="field-error" id={`${id}-error`}>
        {error}
      </p>
    ) : null}
    {children}
  </div>
);

interface TextFieldProps extends FieldProps {
  name?: string;
  value?: string | null | undefined;
  type?: "text" | "email" | "password" | "search" | "date";
  autocomplete?: string;
  required?: boolean;
  inputmode?: "text" | "numeric" | "email";
  spellcheck?: boolean;
  maxlength?: number;
}

export const TextField: FC<TextFieldProps> = (props) => (
  <FieldParts {...props}>
    <input
      id={props.id}
      name={props.name ?? props.id}
      type={props.type ?? "text"}
      value={props.type === "password" ? undefined : (props.value ?? undefined)}
      class={`input input--${props.width ?? "full"}`}
      autocomplete={props.autocomplete}
      required={props.required}
      inputmode={props.inputmode}
      spellcheck={props.spellcheck}
      maxlength={props.maxlength}
      aria-describedby={describedBy(props.id, props.hint, props.error)}
      aria-invalid={props.error ? "true" : undefined}
    />
  </FieldParts>
);

interface SelectFieldProps extends FieldProps {
  name?: string;
  value?: string | null | undefined;
  options: { value: string; label: string }[];
  autocomplete?: string;
}

export const SelectField: FC<SelectFieldProps> = (props) => (
  <FieldParts {...props}>
    <select
      id={props.id}
      name={props.name ?? props.id}
      class={`input input--${props.width ?? "full"}`}
      autocomplete={props.autocomplete}
      aria-describedby={describedBy(props.id, props.hint, props.error)}
      aria-invalid={props.error ? "true" : undefined}
    >
      {props.options.map((o) => (
        <option value={o.value} selected={o.value === props.value}>
          {o.label}
        </option>
      ))}
    </select>
  </FieldParts>
);

interface ChoicesProps {
  name: string;
  legend: string;
  hint?: Child;
  error?: string | undefined;
  options: { value: string; label: string; hint?: Child; disabled?: boolean }[];
}

/** A fieldset of radios or checkboxes: the first input takes the name's id, so an error links to it. */
const Choices: FC<ChoicesProps & { type: "radio" | "checkbox"; isChecked: (value: string) => boolean }> = ({ type, name, legend, hint, error, options, isChecked }) => (
  <fieldset class={error ? "field field--error" : "field"} aria-describedby={describedBy(name, hint, error)}>
    <legend>{legend}</legend>
    {hint ? (
      <p class="hint" id={`${name}-hint`}>
        {hint}
      </p>
    ) : null}
    {error ? (
      <p class="field-error" id={`${name}-error`}>
        {error}
      </p>
    ) : null}
    <div class="radios">
      {options.map((o, i) => {
        const id = i === 0 ? name : `${name}-${i + 1}`;
        return (
          <div class="radio">
            <input type={type} id={id} name={name} value={o.value} checked={isChecked(o.value)} disabled={o.disabled} aria-describedby={o.hint ? `${id}-hint` : undefined} />
            <label for={id}>{o.label}</label>
            {o.hint ? (
              <p class="hint" id={`${id}-hint`}>
                {o.hint}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  </fieldset>
);

/** A question with one answer. */
export const Radios: FC<ChoicesProps & { value?: string | null | undefined }> = ({ value, ...props }) => <Choices {...props} type="radio" isChecked={(v) => v === value} />;

/** A question with several answers. */
export const Checkboxes: FC<ChoicesProps & { values: string[] }> = ({ values, ...props }) => <Choices {...props} type="checkbox" isChecked={(v) => values.includes(v)} />;

interface ButtonProps {
  variant?: "primary" | "secondary" | "warning";
  name?: string;
  value?: string;
  children: Child;
}

export const Button: FC<ButtonProps> = ({ variant = "primary", name, value, children }) => (
  <button type="submit" class={`button button--${variant}`} name={name} value={value}>
    {children}
  </button>
);

/** A form with one button that changes something (resolve, revoke, install): POST with its token. */
export const ActionForm: FC<{ v: View; action: string; label: string; variant?: ButtonProps["variant"]; hidden?: Record<string, string> }> = ({ v, action, label, variant = "secondary", hidden = {} }) => (
  <form method="post" action={action} class="inline-form">
    <Csrf v={v} />
    {Object.entries(hidden).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
    <Button variant={variant}>{label}</Button>
  </form>
);

interface TextAreaProps extends FieldProps {
  name?: string;
  value?: string | null | undefined;
  rows?: number;
  spellcheck?: boolean;
}

export const TextArea: FC<TextAreaProps> = (props) => (
  <FieldParts {...props}>
    <textarea
      id={props.id}
      name={props.name ?? props.id}
      rows={props.rows ?? 4}
      class={`input input--${props.width ?? "full"}`}
      spellcheck={props.spellcheck}
      aria-describedby={describedBy(props.id, props.hint, props.error)}
      aria-invalid={props.error ? "true" : undefined}
    >
      {props.value ?? ""}
    </textarea>
  </FieldParts>
);
