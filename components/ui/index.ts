export { Button, type ButtonProps, type ButtonVariant } from "./button";
export { Field, TextField, TextAreaField, SelectField, type FieldProps, type FieldControlProps, type FieldErrorValue, type SelectOption } from "./field";
export { FormError, Notice } from "./form-error";
export { AccessDenied } from "./access-denied";
export { KeysetPagination, Pagination } from "./pagination";
export { useLatestAnswer } from "./use-latest-answer";
