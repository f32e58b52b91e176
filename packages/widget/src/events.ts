/** What `afterRender` and `afterError` receive first, as Okta's widget reports it. */
export interface EventContext {
  /** Okta's name for the screen (primary-auth, mfa-verify-password…), null where Okta has none. */
  controller: string | null;
  formName: string;
  authenticatorKey?: string;
  methodType?: string;
}

export interface EventError {
  xhr?: { status: number; responseText: string; responseJSON?: Record<string, unknown> };
  errorSummary: string;
}

export type EventName = 'ready' | 'afterRender' | 'afterError';
type Handler = (context: EventContext, error?: EventError) => void;

/** `on`/`off`/`emit`; a handler that throws does not break the widget. */
export class Events {
  private readonly handlers = new Map<EventName, Handler[]>();

  on(name: EventName, handler: Handler): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  /** Without a handler, all of the event's; without a name, all. */
  off(name?: EventName, handler?: Handler): void {
    if (!name) this.handlers.clear();
    else this.handlers.set(name, handler ? (this.handlers.get(name) ?? []).filter((h) => h !== handler) : []);
  }

  emit(name: EventName, context: EventContext, error?: EventError): void {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        handler(context, error);
      } catch (thrown) {
        console.error(`latchkey-widget: a "${name}" handler threw`, thrown);
      }
    }
  }
}
