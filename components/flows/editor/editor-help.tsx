/** Shown in the side panel when no single step is selected. */
export function EditorHelp() {
  return (
    <div className="space-y-3 text-sm text-slate-600">
      <h2 className="font-semibold text-slate-900">Select a step to set it up</h2>
      <p>Add steps from the list on the left, then connect each step’s bottom dot to the next step’s top dot.</p>
      <ul className="space-y-1 text-xs">
        <li>
          <kbd className="rounded border px-1">Tab</kbd> to a step, <kbd className="rounded border px-1">Enter</kbd> to
          select it, arrow keys to move it
        </li>
        <li>
          <kbd className="rounded border px-1">Delete</kbd> removes the selected steps or connections
        </li>
        <li>
          <kbd className="rounded border px-1">Ctrl/⌘ Z</kbd> undo,{' '}
          <kbd className="rounded border px-1">Ctrl/⌘ Shift Z</kbd> redo
        </li>
      </ul>
    </div>
  );
}
