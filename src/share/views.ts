/** The parts of the studio a share link can open (kept apart from link.ts so the first page need not load the codec). */
export const STUDIO_VIEWS = ['data', 'model', 'train', 'inspect', 'runs'] as const;
export type StudioView = (typeof STUDIO_VIEWS)[number];
/** The view a spec link opens when it names none (or one this version does not have). */
export const DEFAULT_VIEW: StudioView = 'model';
