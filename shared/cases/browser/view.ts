/** What the queue and the case view share: the status line, the error box and how API errors read. */
import { ApiError } from '../../platform/browser/staff-api.ts';
import { byId, h } from '../../platform/browser/dom.ts';
import { showSignIn } from '../../platform/browser/staff-signin.ts';
import { fill } from '../../platform/staff-page.ts';
import { T } from './config.ts';

/** Says what the page is doing (a polite live region). */
export const say = (text: string) => {
  byId('status').textContent = text;
};

/** Shows an error in the alert region; empty clears it. */
export function showError(message = ''): void {
  byId('error').replaceChildren(...(message ? [h('div', { class: 'error-box' }, h('h2', {}, T.errorTitle), h('p', {}, message))] : []));
}

/**
 * Shows what went wrong with a call: a 401 sends the person back to sign-in, the rest say it in
 * their words (`notFound` replaces the general 404 text where the caller knows better).
 */
export function showFailure(e: unknown, notFound: string = T.notFound): void {
  say('');
  const err = e instanceof ApiError ? e : new ApiError(0);
  if (err.status === 401) {
    showSignIn('expired');
    return;
  }
  showError(
    err.status === 403
      ? T.forbidden
      : err.status === 404
        ? notFound
        : err.status === 409 && err.code === 'invalid_transition'
          ? fill(T.invalidTransition, { detail: err.detail })
          : err.status === 400
            ? fill(T.badRequest, { detail: err.detail })
            : T.error,
  );
}
