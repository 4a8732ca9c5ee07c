/** A polite "loading" line: screen readers hear it once, sighted users see it in place of the content. */
export function Loading(props: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading{props.what ? ` ${props.what}` : ''}…
    </p>
  );
}
