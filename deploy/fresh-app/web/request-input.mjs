/** A web handler's input: the model server's base URL and the runtime's name, as query parameters. */
export function requestInput(request) {
  const url = new URL(request.url);
  const baseURL = url.searchParams.get('baseURL');
  if (baseURL === null) throw new Error('the request must carry ?baseURL=<model server>');
  return { baseURL, runtime: url.searchParams.get('runtime') ?? 'unknown' };
}

/** Runs a scenario and answers with its result, or with the error it threw (status 500). */
export async function respondWith(run) {
  try {
    return Response.json(await run());
  } catch (error) {
    return Response.json(
      { error: { message: String(error?.message ?? error), stack: error?.stack } },
      { status: 500 },
    );
  }
}
