import "server-only";
import {
  commentIdInput,
  createCommentRequest,
  createPostRequest,
  followStateInput,
  setFollowInput,
  listPostsInput,
  postIdInput,
  updatePostInput,
} from "@/lib/validation/posts";
import { postOutput, postPageOutput, restErrors } from "@/lib/validation/api-outputs";
import { addComment, deleteComment } from "../../feed/comments";
import { createPost, deletePost, updatePost } from "../../feed/posts";
import { followState, setFollow } from "../../feed/follows";
import { getPost, listPosts } from "../../feed/read-posts";
import { contentLimits } from "../../content-limits";
import { authedProcedure, createTRPCRouter, rateLimited } from "../trpc";

export const postsRouter = createTRPCRouter({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/posts", tags: ["posts"], summary: "List posts of the feed, newest first", protect: true, errorResponses: restErrors } })
    .input(listPostsInput)
    .output(postPageOutput)
    .query(({ input }) => listPosts(input)),

  get: authedProcedure.input(postIdInput).query(({ input }) => getPost(input)),

  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/posts", tags: ["posts"], summary: "Publish a post (everyone sees it live; rate limited: 429 with Retry-After)", protect: true, errorResponses: restErrors } })
    .input(createPostRequest)
    .output(postOutput)
    // Its limit (contentLimits.posts) is counted by the post's own statement: createPost.
    .mutation(({ ctx, input }) => createPost({ actor: ctx.user, ...input })),

  update: authedProcedure
    .input(updatePostInput)
    .mutation(({ ctx, input }) => updatePost({ actor: ctx.user, ...input })),

  delete: authedProcedure
    .input(postIdInput)
    .mutation(({ ctx, input }) => deletePost({ actor: ctx.user, ...input })),

  addComment: authedProcedure
    .input(createCommentRequest)
    .use(rateLimited(contentLimits.comments))
    .mutation(({ ctx, input }) => addComment({ actor: ctx.user, ...input })),

  deleteComment: authedProcedure
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteComment({ actor: ctx.user, ...input })),

  /** Whether the caller hears of the post's new comments. */
  followState: authedProcedure
    .input(followStateInput)
    .query(({ ctx, input }) => followState({ actor: ctx.user, ...input })),

  setFollow: authedProcedure
    .input(setFollowInput)
    .mutation(({ ctx, input }) => setFollow({ actor: ctx.user, ...input })),
});
