import {
  commentIdInput,
  createCommentRequest,
  createPostRequest,
  listPostsInput,
  postIdInput,
  updatePostInput,
} from "@/lib/validation/posts";
import { addComment, deleteComment } from "../../feed/comments";
import { createPost, deletePost, updatePost } from "../../feed/posts";
import { getPost, listPosts } from "../../feed/read-posts";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const postsRouter = createTRPCRouter({
  list: authedProcedure.input(listPostsInput).query(({ input }) => listPosts(input)),

  get: authedProcedure.input(postIdInput).query(({ input }) => getPost(input)),

  create: authedProcedure
    .input(createPostRequest)
    .mutation(({ ctx, input }) => createPost({ userId: ctx.user.id, ...input })),

  update: authedProcedure
    .input(updatePostInput)
    .mutation(({ ctx, input }) => updatePost({ userId: ctx.user.id, ...input })),

  delete: authedProcedure
    .input(postIdInput)
    .mutation(({ ctx, input }) => deletePost({ userId: ctx.user.id, role: ctx.user.role, id: input.id })),

  addComment: authedProcedure
    .input(createCommentRequest)
    .mutation(({ ctx, input }) => addComment({ userId: ctx.user.id, ...input })),

  deleteComment: authedProcedure
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteComment({ userId: ctx.user.id, role: ctx.user.role, id: input.id })),
});
