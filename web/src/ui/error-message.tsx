import { ApiError } from '../api/client.ts';

/** One clear message (and the server's hint) for a failed request; announced to screen readers. */
export function ErrorMessage(props: { error: unknown; what?: string }) {
  const { error } = props;
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof ApiError ? error.hint : undefined;
  return (
    <div className="error" role="alert">
      <strong>{props.what ? `Could not load ${props.what}: ` : ''}</strong>
      {message}
      {hint && <div className="muted">{hint}</div>}
    </div>
  );
}
