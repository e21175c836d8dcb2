/** An error that knows its HTTP status; the error middleware answers with it and its message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
