import { FormAlert } from "@/components/forms/form-alert";
import { errorMessage } from "@/trpc/errors";

type InfiniteList = {
  isFetchNextPageError: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

/** The foot of a paginated list: the next page's error, and the button that loads it. */
export function LoadMore(props: { list: InfiniteList; label: string }) {
  const { list } = props;
  return (
    <>
      {list.isFetchNextPageError && <FormAlert tone="error">{errorMessage(list.error)}</FormAlert>}
      {list.hasNextPage && (
        <button
          type="button"
          className="button load-more"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? "Loading…" : props.label}
        </button>
      )}
    </>
  );
}
