// The buttons under a small inline edit (a message, an agenda item): Save
// submits the form around them, Cancel closes it without saving.
export function SaveCancel({ saving, onCancel }: { saving: boolean; onCancel: () => void }) {
  return (
    <span className="form-actions">
      <button type="submit" className="button button-small button-primary" disabled={saving}>
        Save
      </button>
      <button type="button" className="button button-small" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}
