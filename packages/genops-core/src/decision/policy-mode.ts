/** Whether a policy refuses (`enforce`) or only reports what it would have done (`shadow`). */
export type PolicyMode = 'enforce' | 'shadow';
