// Who is looking, as the feed's components need it: to offer Edit on one's
// own posts and Delete on one's own (or, for admins, on any), and to show
// one's own new posts and comments before the server answers.
export type Viewer = { id: string; name: string; isAdmin: boolean };

export function canDelete(viewer: Viewer, authorId: string): boolean {
  return viewer.isAdmin || viewer.id === authorId;
}
