/**
 * One step of a multi-step QuickInput ("Step k of n", a Back button): an input box, a pick or a
 * multi-pick. Each resolves with the answer, BACK (the Back button), or undefined (Escape / focus
 * moved away / another quick input took over: the flow ends).
 */
import * as vscode from 'vscode';

export const BACK = Symbol('back');
export type Back = typeof BACK;

export interface StepCommon {
  title: string;
  step: number;
  totalSteps: number;
  /** Shows the Back button (not on the first step). */
  back: boolean;
}

function setup(q: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, o: StepCommon): void {
  q.title = o.title;
  q.step = o.step;
  q.totalSteps = o.totalSteps;
  q.ignoreFocusOut = true;
  q.buttons = o.back ? [vscode.QuickInputButtons.Back] : [];
}

/** Runs one quick input until it settles; `finish` hides it, and hiding disposes it. */
function settle<T>(q: vscode.QuickInput, wire: (finish: (v: T | Back | undefined) => void) => vscode.Disposable[]): Promise<T | Back | undefined> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: T | Back | undefined) => {
      if (done) return;
      done = true;
      resolve(v);
      q.hide();
    };
    const subs = wire(finish);
    subs.push(q.onDidHide(() => {
      finish(undefined);
      for (const d of subs) d.dispose();
      q.dispose();
    }));
    q.show();
  });
}

export interface InputStep extends StepCommon {
  prompt: string;
  value: string;
  placeholder?: string;
  password?: boolean;
  /** A translated error, or undefined when the value is fine (checked as typed and on Enter). */
  validate?: (value: string) => string | undefined;
}

export function inputStep(o: InputStep): Promise<string | Back | undefined> {
  const box = vscode.window.createInputBox();
  setup(box, o);
  box.prompt = o.prompt;
  box.value = o.value;
  if (o.placeholder !== undefined) box.placeholder = o.placeholder;
  box.password = o.password ?? false;
  const check = (v: string) => { box.validationMessage = o.validate?.(v); };
  check(o.value);
  return settle<string>(box, (finish) => [
    box.onDidChangeValue(check),
    box.onDidAccept(() => {
      const error = o.validate?.(box.value);
      if (error) box.validationMessage = error;
      else finish(box.value);
    }),
    box.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) finish(BACK); }),
  ]);
}

export interface PickStep<T extends vscode.QuickPickItem> extends StepCommon {
  placeholder: string;
  items: T[];
  /** Highlighted when the step opens (the answer given before going back). */
  active?: T;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

export function pickStep<T extends vscode.QuickPickItem>(o: PickStep<T>): Promise<T | Back | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  setup(pick, o);
  pick.placeholder = o.placeholder;
  pick.items = o.items;
  pick.matchOnDescription = o.matchOnDescription ?? false;
  pick.matchOnDetail = o.matchOnDetail ?? false;
  if (o.active) pick.activeItems = [o.active];
  return settle<T>(pick, (finish) => [
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (chosen) finish(chosen);
    }),
    pick.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) finish(BACK); }),
  ]);
}

export interface PickManyStep<T extends vscode.QuickPickItem> extends StepCommon {
  placeholder: string;
  items: T[];
  selected: T[];
  /** Shown as the placeholder when Enter is pressed with nothing ticked (the step stays open). */
  noneSelected: string;
}

export function pickManyStep<T extends vscode.QuickPickItem>(o: PickManyStep<T>): Promise<T[] | Back | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  setup(pick, o);
  pick.canSelectMany = true;
  pick.placeholder = o.placeholder;
  pick.items = o.items;
  pick.selectedItems = o.selected;
  return settle<T[]>(pick, (finish) => [
    pick.onDidAccept(() => {
      if (pick.selectedItems.length === 0) pick.placeholder = o.noneSelected;
      else finish([...pick.selectedItems]);
    }),
    pick.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) finish(BACK); }),
  ]);
}
