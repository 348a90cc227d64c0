/** What {@link scriptedAnswer} may look at besides the words. */
export interface ScriptContext {
  /** The current time. */
  now: Date;
  /** IANA time zone for telling the time; the machine's when absent. */
  timeZone?: string;
}

interface Rule {
  readonly matches: RegExp;
  readonly answer: (heard: string, context: ScriptContext) => string;
}

/** Long enough (about 20 s spoken) to interrupt halfway: the barge-in demo. */
const STORY =
  'Once upon a time, a small robot lived in a lighthouse by the sea. Every night it counted the ' +
  'ships that passed, and every morning it told the gulls how many there had been. One foggy ' +
  'evening no ship came at all, so the robot switched on every lamp it had, and far out on the ' +
  'water a horn answered. You can interrupt me at any point, and I will stop talking.';

/** Checked in order; the first match answers. */
const RULES: readonly Rule[] = [
  { matches: /\b(what can you do|help|who are you|what are you)\b/, answer: () => CAPABILITIES },
  { matches: /\b(what time|the time)\b/, answer: (_, context) => `It is ${clockTime(context)}.` },
  { matches: /\b(what day|what date|the date|today)\b/, answer: (_, context) => `Today is ${calendarDate(context)}.` },
  { matches: /\b(story|talk for a while|keep talking)\b/, answer: () => STORY },
  { matches: /\b(thanks|thank you)\b/, answer: () => 'You are welcome.' },
  { matches: /\b(bye|goodbye|see you)\b/, answer: () => 'Goodbye! It was nice talking to you.' },
  { matches: /^(hello|hi|hey|good (morning|afternoon|evening))\b/, answer: () => GREETING },
];

const GREETING = 'Hello! I am the local responder of parley. Ask me what I can do, or what time it is.';
const CAPABILITIES =
  'I can listen, notice when you stop talking, and answer out loud. I can tell the time, tell a ' +
  'short story, and repeat what I heard. Talk over me and I will stop. Configure a language ' +
  'model for real conversations.';

/**
 * The local responder's answer to `heard` (what the user said, as transcribed): a few fixed
 * replies picked by keywords, the time and date from `context`, and otherwise what was heard
 * repeated back. Pure and deterministic.
 */
export function scriptedAnswer(heard: string, context: ScriptContext): string {
  const words = heard.trim();
  if (words === '') {
    return 'I heard you speak, but no speech recognizer is configured, so I could not make out the words.';
  }
  const normalized = words
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const rule = RULES.find(({ matches }) => matches.test(normalized));
  if (rule) return rule.answer(words, context);
  return `I heard: ${quoted(words)} I am a local responder, not a language model, so I can only repeat it back. Ask me what I can do.`;
}

/** `words` in quotes, ending with a full stop inside them unless it ends with punctuation. */
function quoted(words: string): string {
  return /[.!?]$/.test(words) ? `"${words}"` : `"${words}."`;
}

function clockTime({ now, timeZone }: ScriptContext): string {
  return new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone }).format(now);
}

function calendarDate({ now, timeZone }: ScriptContext): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric', timeZone }).format(now);
}
