"use client";
// The room's agenda: drag and drop (mouse, touch, or keyboard: focus a
// handle, Space, arrows, Space), "Move up"/"Move down" buttons, add, edit
// and remove. A move shows at once with a provisional key; the server's
// event (the same for every viewer) then sets the real one.
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from "@dnd-kit/core";
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { SaveCancel } from "@/components/forms/save-cancel";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import type { AgendaItemView } from "@/lib/events";
import { addAgendaItemInput, updateAgendaItemInput } from "@/lib/validation/rooms";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

type Props = {
  roomId: string;
  items: AgendaItemView[];
  /** Shows the item at `to` at once and asks the server to move it there. */
  onMove: (item: AgendaItemView, to: number) => void;
  moveError: unknown;
};

export function Agenda({ roomId, items, onMove, moveError }: Props) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  function onDragEnd(event: DragEndEvent) {
    const { active, over } = event;
    if (!over || active.id === over.id) return;
    const item = items.find((i) => i.id === active.id);
    const to = items.findIndex((i) => i.id === over.id);
    if (item && to >= 0) onMove(item, to);
  }

  return (
    <section className="card room-panel" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">Agenda</h2>
      {items.length === 0 ? (
        <p className="muted">Nothing on the agenda yet.</p>
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
            <ol className="agenda-list" data-testid="agenda-list">
              {items.map((item, index) => (
                <AgendaRow
                  key={item.id}
                  item={item}
                  index={index}
                  count={items.length}
                  onMove={(to) => onMove(item, to)}
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
      )}
      {moveError ? <FormAlert tone="error">{errorMessage(moveError)}</FormAlert> : null}
      <AddAgendaItemForm roomId={roomId} />
    </section>
  );
}

function AgendaRow(props: { item: AgendaItemView; index: number; count: number; onMove: (to: number) => void }) {
  const { item, index, count } = props;
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: item.id });
  const remove = useMutation(trpc.rooms.deleteAgendaItem.mutationOptions());
  const style = { transform: CSS.Transform.toString(transform), transition };

  if (editing) {
    return (
      <li ref={setNodeRef} style={style} className="agenda-item" data-testid="agenda-item" data-item-id={item.id}>
        <EditAgendaItemForm item={item} onDone={() => setEditing(false)} />
      </li>
    );
  }
  return (
    <li
      ref={setNodeRef}
      style={style}
      className={`agenda-item${isDragging ? " agenda-item-dragging" : ""}`}
      data-testid="agenda-item"
      data-item-id={item.id}
    >
      <button
        type="button"
        className="icon-button drag-handle"
        aria-label={`Drag “${item.title}”`}
        {...attributes}
        {...listeners}
      >
        ⠿
      </button>
      <span className="agenda-title">
        {item.url ? (
          <a href={item.url} target="_blank" rel="noopener noreferrer nofollow">
            {item.title}
          </a>
        ) : (
          item.title
        )}
      </span>
      <span className="agenda-actions">
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label={`Move “${item.title}” up`}
          disabled={index === 0}
          onClick={() => props.onMove(index - 1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label={`Move “${item.title}” down`}
          disabled={index === count - 1}
          onClick={() => props.onMove(index + 1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label={`Edit “${item.title}”`}
          onClick={() => setEditing(true)}
        >
          Edit
        </button>
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label={`Remove “${item.title}”`}
          disabled={remove.isPending}
          onClick={() => remove.mutate({ id: item.id })}
        >
          Remove
        </button>
      </span>
      {remove.isError && <FormAlert tone="error">{errorMessage(remove.error)}</FormAlert>}
    </li>
  );
}

function AddAgendaItemForm({ roomId }: { roomId: string }) {
  const trpc = useTRPC();
  const form = useLiveForm(addAgendaItemInput, { roomId, title: "", url: "" });
  const add = useMutation(
    trpc.rooms.addAgendaItem.mutationOptions({
      // The item appears with its event (the one path every viewer takes).
      onSuccess: () => form.reset({ roomId, title: "", url: "" }),
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );
  return (
    <form
      method="post"
      className="form agenda-form"
      aria-label="Add to the agenda"
      noValidate
      onSubmit={form.handleSubmit((input) => add.mutate({ ...input, url: input.url ?? "" }))}
    >
      <TextField label="New item" required {...form.field("title")} />
      <TextField label="Link (optional)" type="url" placeholder="https://…" {...form.field("url")} />
      {add.isError && <FormAlert tone="error">{errorMessage(add.error)}</FormAlert>}
      <button type="submit" className="button button-small button-primary" disabled={add.isPending}>
        {add.isPending ? "Adding…" : "Add"}
      </button>
    </form>
  );
}

function EditAgendaItemForm({ item, onDone }: { item: AgendaItemView; onDone: () => void }) {
  const trpc = useTRPC();
  const form = useLiveForm(updateAgendaItemInput, { id: item.id, title: item.title, url: item.url ?? "" });
  const update = useMutation(
    trpc.rooms.updateAgendaItem.mutationOptions({
      onSuccess: onDone,
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );
  return (
    <form
      method="post"
      className="form agenda-form"
      aria-label={`Edit “${item.title}”`}
      noValidate
      onSubmit={form.handleSubmit((input) => update.mutate({ ...input, url: input.url ?? "" }))}
    >
      <TextField label="Title" required {...form.field("title")} />
      <TextField label="Link (optional)" type="url" {...form.field("url")} />
      {update.isError && <FormAlert tone="error">{errorMessage(update.error)}</FormAlert>}
      <SaveCancel saving={update.isPending} onCancel={onDone} />
    </form>
  );
}
