// Reads a feed document on stdin and prints @extractus/feed-extractor's view of it as JSON.
// Usage: node parse.mjs json|xml < feed
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString('utf8');
const options = { normalization: true, descriptionMaxLen: 0, getExtraEntryFields: (raw) => ({ raw }) };
const feed = process.argv[2] === 'json' ? extractFromJson(JSON.parse(text), options) : extractFromXml(text, options);
process.stdout.write(JSON.stringify(feed));
