export * from './messages.js';
export * from './topics.js';
