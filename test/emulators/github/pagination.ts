/**
 * One page of a list as GitHub serves it: `per_page` (default 30, at most 100) and `page` from
 * the request URL, and the `Link` header value (next and last, first and prev) when there are
 * other pages.
 */
export function listPage<T>(url: URL, all: T[]): { items: T[]; link?: string } {
  const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(all.length / perPage), 1);
  const link = (p: number, rel: string) => {
    const u = new URL(url.toString());
    u.searchParams.set('page', String(p));
    u.searchParams.set('per_page', String(perPage));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return {
    items: all.slice((page - 1) * perPage, page * perPage),
    link: links.length ? links.join(', ') : undefined,
  };
}
