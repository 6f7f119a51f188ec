"use client";
// A plain textarea that edits the shared document. Every input event becomes
// one op (the replaced range between the old and new value, in code points,
// widened to whole grapheme clusters), so typing, deleting, pasting, cutting,
// dictation and IME all work without special cases. Remote ops rewrite the
// value and keep the local selection where it was in the text. Others'
// cursors are drawn on layers over the textarea, one per person, with the
// same font and wrapping so positions line up.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from "react";
import { colourIndexFor, CURSOR_COLOURS } from "@/lib/documents/cursor-codec";
import { codePointLength, diffToOp, ot, toCodePointOffset, toUtf16Offset } from "@/lib/documents/text-ot";
import type { OtClient } from "@/lib/documents/ot-client";
import { useMentionPicker } from "@/components/mentions/use-mention-picker";
import { useCollaborativeText, type LoadedDocument, type RemoteChange, type SyncStatus } from "./use-collaborative-text";
import { useDocumentPresence, type Member, type RemoteCursor } from "./use-document-presence";

const statusText: Record<SyncStatus, string> = {
  saved: "All changes saved",
  saving: "Saving…",
  offline: "Offline: keep typing, your changes are sent when the connection is back",
  limited: "Sending paused",
  error: "An edit was refused",
};

export function CollaborativeTextarea(props: {
  doc: LoadedDocument;
  canEdit: boolean;
  self: { id: string; name: string };
  label: string;
  onRefused: (message: string) => void;
  onMembers?: (members: Member[]) => void;
  onVersion?: (version: number) => void;
  onInvitationAnswered?: Parameters<typeof useCollaborativeText>[0]["onInvitationAnswered"];
}) {
  const [initial] = useState(props.doc);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const colour = colourIndexFor(props.self.id);

  const onRemoteChange = useCallback((change: RemoteChange) => {
    const el = textareaRef.current;
    if (!el) return;
    const old = el.value;
    const focused = document.activeElement === el;
    const start = ot.transformPosition(toCodePointOffset(old, el.selectionStart), change.op);
    const end = ot.transformPosition(toCodePointOffset(old, el.selectionEnd), change.op);
    const direction = el.selectionDirection;
    const scroll = el.scrollTop;
    el.value = change.text;
    if (focused) el.setSelectionRange(toUtf16Offset(change.text, start), toUtf16Offset(change.text, end), direction);
    el.scrollTop = scroll;
  }, []);

  const collab = useCollaborativeText({
    doc: initial,
    onRemoteChange,
    onRefused: props.onRefused,
    onInvitationAnswered: props.onInvitationAnswered,
  });
  const clientRef = useRef<OtClient | null>(null);
  const getCursor = useCallback(() => {
    const el = textareaRef.current;
    const client = clientRef.current;
    if (!el || !client) return null;
    const start = toCodePointOffset(el.value, el.selectionStart);
    const end = toCodePointOffset(el.value, el.selectionEnd);
    const backward = el.selectionDirection === "backward";
    return { version: client.version, anchor: backward ? end : start, head: backward ? start : end, colour };
  }, [colour]);
  const presence = useDocumentPresence({
    documentId: initial.id,
    selfId: props.self.id,
    enabled: props.canEdit,
    getCursor,
  });
  useEffect(() => {
    clientRef.current = collab.client;
  }, [collab.client]);
  const { onMembers, onVersion } = props;
  useEffect(() => onMembers?.(presence.members), [presence.members, onMembers]);
  const { reportCursor } = presence;
  useEffect(() => onVersion?.(collab.version), [collab.version, onVersion]);
  // A new version (an ack, someone's edit): others get the cursor on it, so
  // they never have to move it from a version they no longer hold.
  useEffect(() => {
    if (props.canEdit) reportCursor();
  }, [collab.version, props.canEdit, reportCursor]);

  const onInput = () => {
    const el = textareaRef.current;
    if (!el) return;
    collab.applyLocal(diffToOp(collab.client.text, el.value));
    reportCursor();
  };
  // "@" and a name offers the document's people; the inserted mention is an
  // edit like any other (the picker sets the value, onInput sends the op).
  const picker = useMentionPicker({ textareaRef, onInsert: onInput, place: { kind: "document", id: initial.id } });

  return (
    <div className="doc-editor">
      <div className="doc-editor-frame">
        <textarea
          ref={textareaRef}
          className="doc-editor-text"
          aria-label={props.label}
          defaultValue={initial.text}
          readOnly={!props.canEdit}
          spellCheck
          {...picker.textareaProps}
          onChange={() => {
            onInput();
            picker.refresh();
          }}
          onKeyDown={(e) => void picker.onKeyDown(e)}
          onSelect={() => {
            reportCursor();
            picker.refresh();
          }}
          onClick={picker.refresh}
          onBlur={picker.textareaProps.onBlur}
          onKeyUp={reportCursor}
          onMouseUp={reportCursor}
          onFocus={reportCursor}
        />
        <CursorLayers
          textarea={textareaRef}
          text={collab.text}
          client={collab.client}
          cursors={Object.values(presence.cursors).filter((c) => presence.members.some((m) => m.id === c.userId))}
        />
        {props.canEdit && picker.list}
      </div>
      <p className={`doc-status doc-status-${collab.status}`} role="status" aria-live="polite">
        {props.canEdit ? statusText[collab.status] : "You can read this document; changes by others appear live."}
        {(collab.status === "offline" || collab.status === "limited") && collab.lastError ? ` (${collab.lastError})` : ""}
        <span className="muted"> · version {collab.version}</span>
      </p>
    </div>
  );
}

/** Others' selections and carets, on layers that copy the textarea's box and scroll. */
function CursorLayers(props: {
  textarea: React.RefObject<HTMLTextAreaElement | null>;
  text: string;
  client: OtClient;
  cursors: RemoteCursor[];
}) {
  const [box, setBox] = useState<CSSProperties | null>(null);
  const [scrollTop, setScrollTop] = useState(0);

  useLayoutEffect(() => {
    const el = props.textarea.current;
    if (!el) return;
    const measure = () => {
      const style = getComputedStyle(el);
      setBox({
        top: el.offsetTop + el.clientTop,
        left: el.offsetLeft + el.clientLeft,
        width: el.clientWidth,
        height: el.clientHeight,
        padding: style.padding,
        font: style.font,
        lineHeight: style.lineHeight,
        letterSpacing: style.letterSpacing,
        tabSize: style.tabSize,
      });
    };
    measure();
    const onScroll = () => setScrollTop(el.scrollTop);
    el.addEventListener("scroll", onScroll);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      observer.disconnect();
    };
  }, [props.textarea]);

  if (!box) return null;
  const length = codePointLength(props.text);
  return (
    <>
      {props.cursors.map((cursor) => {
        // Too old to move through the ops this editor holds: show it where
        // it was reported until the next update (a moment away).
        const anchor = props.client.transformRemotePosition(cursor.anchor, cursor.version) ?? cursor.anchor;
        const head = props.client.transformRemotePosition(cursor.head, cursor.version) ?? cursor.head;
        const a = toUtf16Offset(props.text, Math.min(anchor, length));
        const h = toUtf16Offset(props.text, Math.min(head, length));
        const [from, to] = a <= h ? [a, h] : [h, a];
        return (
          <CursorLayer
            key={cursor.userId}
            box={box}
            scrollTop={scrollTop}
            text={props.text}
            from={from}
            to={to}
            head={h}
            name={cursor.name}
            colour={CURSOR_COLOURS[cursor.colour % CURSOR_COLOURS.length]!}
          />
        );
      })}
    </>
  );
}

/**
 * One person's selection (highlighted in the copied text) and caret. The caret
 * is placed where a marker in the copied text lands, and glides there (CSS
 * transition), so 20 updates a second look like movement, not jumps.
 */
function CursorLayer(props: {
  box: CSSProperties;
  scrollTop: number;
  text: string;
  from: number;
  to: number;
  head: number;
  name: string;
  colour: string;
}) {
  const marker = useRef<HTMLSpanElement>(null);
  const [at, setAt] = useState<{ x: number; y: number; height: number } | null>(null);
  const { text, from, to, head, colour, box } = props;
  useLayoutEffect(() => {
    const el = marker.current;
    if (!el) return;
    const next = { x: el.offsetLeft, y: el.offsetTop, height: el.offsetHeight };
    setAt((prev) => (prev && prev.x === next.x && prev.y === next.y && prev.height === next.height ? prev : next));
  }, [text, from, to, head, box]);
  const markerSpan = <span ref={marker} className="doc-caret-marker" />;
  return (
    <div className="doc-cursor-layer" style={box} aria-hidden="true">
      <div className="doc-cursor-content" style={{ transform: `translateY(${-props.scrollTop}px)` }}>
        {text.slice(0, from)}
        {head === from && markerSpan}
        <span className="doc-selection" style={{ background: `${colour}33` }}>
          {text.slice(from, to)}
        </span>
        {head === to && head !== from && markerSpan}
        {text.slice(to)}
        {"\u200b"}
        {at && (
          <span
            className="doc-caret"
            data-testid="remote-cursor"
            style={{ borderColor: colour, height: at.height, transform: `translate(${at.x}px, ${at.y}px)` }}
          >
            <span className="doc-caret-label" style={{ background: colour }}>
              {props.name}
            </span>
          </span>
        )}
      </div>
    </div>
  );
}
