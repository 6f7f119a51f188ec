"use client";
// "Follow" / "Unfollow" on a post's page.
// Followers hear of new comments; commenting follows a post, and its author
// follows it from the start. Unfollowing stops those notifications (and a
// later comment of one's own does not start them again).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function FollowToggle({ postId }: { postId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.posts.followState.queryKey({ postId });
  const state = useQuery(trpc.posts.followState.queryOptions({ postId }));
  const change = useMutation(
    trpc.posts.setFollow.mutationOptions({ onSuccess: (data) => queryClient.setQueryData(key, data) }),
  );

  if (state.isPending) return <span className="muted mute-toggle">Checking whether you follow this post…</span>;
  if (state.isError) {
    return (
      <span className="mute-toggle field-error" role="alert">
        Could not check whether you follow this post. {errorMessage(state.error)}
      </span>
    );
  }
  const following = state.data.following;
  return (
    <span className="mute-toggle">
      <button
        type="button"
        className="button button-small"
        disabled={change.isPending}
        onClick={() => change.mutate({ postId, following: !following })}
      >
        {change.isPending ? (following ? "Unfollowing…" : "Following…") : following ? "Unfollow" : "Follow"}
      </button>
      <span className="muted" role="status">
        {following ? "You get a notification for each new comment." : "Follow to hear of new comments."}
      </span>
      {change.isError && (
        <span className="field-error" role="alert">
          {errorMessage(change.error)}
        </span>
      )}
    </span>
  );
}
