/** The rule moved to core (the chat picture says the same states as the page); kept here for the page's imports. */
export { rowState, rowStateLabel, type RowState } from '../core/charts/row-state';
