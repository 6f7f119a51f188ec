// What an unexpected failure (500) tells whoever called: the web app (its
// error pages too), a REST client, a tRPC client. The failure's own message
// is its cause's (a database's "invalid input syntax for type json", a
// library's): the server's log gets it (the routes' onError), a caller
// cannot act on it.
export const INTERNAL_ERROR_MESSAGE = "Something went wrong on our side. Please try again in a moment.";
