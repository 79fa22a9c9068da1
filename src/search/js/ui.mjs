// placeholder
export function start() {}
