import { messages } from '../i18n/index.ts';

/** An error answer from the API (application/problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly fields: Record<string, string>;

  constructor(status: number, type: string, detail: string, fields: Record<string, string> = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
    this.fields = fields;
  }

  /** Someone else changed the record since it was read (If-Match failed). */
  get isStaleWrite() {
    return this.status === 412;
  }
}

interface ProblemBody {
  type?: unknown;
  detail?: unknown;
  title?: unknown;
  fields?: unknown;
}

function toApiError(status: number, body: unknown): ApiError {
  const problem = (body && typeof body === 'object' ? body : {}) as ProblemBody;
  const detail =
    typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : messages.errors.unexpected;
  const fields = problem.fields && typeof problem.fields === 'object' ? (problem.fields as Record<string, string>) : {};
  return new ApiError(status, typeof problem.type === 'string' ? problem.type : `/problems/http-${status}`, detail, fields);
}

// The session's CSRF token: unsafe requests made with the session cookie must send it back.
let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

let handleUnauthenticated = () => {};
/** Called when a request answers 401: the session expired or was ended elsewhere. */
export const onUnauthenticated = (handler: () => void) => {
  handleUnauthenticated = handler;
};

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** The version the change is based on, sent as If-Match: a stale write answers 412. */
  ifMatch?: number;
  signal?: AbortSignal;
  /** A 401 is an expected answer here (the session check, sign-in), not an expired session. */
  expectUnauthenticated?: boolean;
}

async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, '/problems/network', messages.errors.network);
  }
  const isJson = /\bjson\b/.test(response.headers.get('content-type') ?? '');
  const body: unknown = response.status === 204 || !isJson ? null : await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && !options.expectUnauthenticated) handleUnauthenticated();
    throw toApiError(response.status, body);
  }
  return body as T;
}

/** The Rapport API over fetch: JSON in and out, the CSRF header, problem+json as ApiError. */
export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
