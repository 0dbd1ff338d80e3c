/**
 * Staff survey config is checked where the rest of the config is: a pulse of eight statements stops
 * synth (lib/config-check.ts, which bin/app.ts runs first) and the local stack's start (`npm start`,
 * startLocalStack) with a message naming the file and the field, before anything runs. Also the other
 * rules of the staff surveys: the wellbeing survey's limit and themes, unique ids, the thresholds.
 */
import { describe, expect, it } from 'vitest';
import pulse from '../../../config/pulse-surveys/tyoyhteiso-pulssi.json' with { type: 'json' };
import wellbeing from '../../../config/pulse-surveys/tyohyvinvointi.json' with { type: 'json' };
import region from '../../../config/region.json' with { type: 'json' };
import { checkConfig } from '#lib/config-check.ts';
import { startLocalStack } from '#local/stack.ts';
import { ConfigError } from '#shared/platform/org-tree.ts';
import { PULSE_SURVEY_FILES } from '#shared/pulse-config.ts';

const FILE = 'config/pulse-surveys/tyoyhteiso-pulssi.json';

/** The shipped pulse with `n` statements. */
function pulseWith(n: number) {
  const bad = structuredClone(pulse);
  const first = bad.versions[0]!.statements[0]!;
  bad.versions[0]!.statements = Array.from({ length: n }, (_, i) => ({ ...first, id: `s${i + 1}` }));
  return [{ file: FILE, data: bad }, PULSE_SURVEY_FILES[1]!];
}

describe('a pulse with eight statements', () => {
  // The limit is the pulse's promise to staff: short enough to answer often.
  it('stops synth with a message naming the file and the field', () => {
    const result = checkConfig(undefined, undefined, undefined, pulseWith(8));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      `Invalid ${FILE}:\n  - versions[0].statements: a pulse survey has at most 7 statements, got 8`,
    );
  });

  // npm start runs startLocalStack first thing; it must refuse before it serves anything.
  it('stops the local stack before it starts, with the same message', async () => {
    const start = startLocalStack({ port: 0, dynamoPort: 0, configFiles: { pulseSurveyFiles: pulseWith(8) } });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow('versions[0].statements: a pulse survey has at most 7 statements, got 8');
  });

  // Seven is allowed, and the shipped files pass.
  it('accepts seven, and the repository files', () => {
    expect(checkConfig(undefined, undefined, undefined, pulseWith(7)).ok).toBe(true);
    const ok = checkConfig();
    expect(ok.ok && ok.config.pulseSurveys.ids()).toEqual(['tyoyhteiso-pulssi', 'tyohyvinvointi']);
  });
});

describe('the other rules', () => {
  const check = (files: { file: string; data: unknown }[]) => checkConfig(undefined, undefined, undefined, files);

  // A wellbeing survey groups by the four themes; a statement without one could not be reported by theme.
  it('names a wellbeing statement without a theme and more than forty statements', () => {
    const bad = structuredClone(wellbeing) as { versions: { statements: { id: string; theme?: string }[] }[] };
    delete bad.versions[0]!.statements[2]!.theme;
    const r = check([PULSE_SURVEY_FILES[0]!, { file: 'config/pulse-surveys/tyohyvinvointi.json', data: bad }]);
    expect(!r.ok && r.message).toContain('versions[0].statements[2].theme: is required in a wellbeing survey');
    const long = structuredClone(wellbeing);
    const first = long.versions[0]!.statements[0]!;
    long.versions[0]!.statements = Array.from({ length: 41 }, (_, i) => ({ ...first, id: `w${i}` }));
    const r2 = check([PULSE_SURVEY_FILES[0]!, { file: 'config/pulse-surveys/tyohyvinvointi.json', data: long }]);
    expect(!r2.ok && r2.message).toContain('versions[0].statements: a wellbeing survey has at most 40 statements, got 41');
  });

  // Statement ids are the form's field names; a repeat or a reserved one would mix answers.
  it('names a duplicate or reserved statement id and a missing language', () => {
    const bad = structuredClone(pulse);
    bad.versions[0]!.statements[1]!.id = bad.versions[0]!.statements[0]!.id;
    bad.versions[0]!.statements[2]!.id = 'text';
    const r = check([{ file: FILE, data: bad }]);
    expect(!r.ok && r.message).toContain('versions[0].statements[1].id: duplicate statement id "workload"');
    expect(!r.ok && r.message).toContain('versions[0].statements[2].id: "text" is reserved');
    const noSv = structuredClone(pulse) as { versions: { statements: { text: { sv?: string } }[] }[] };
    delete noSv.versions[0]!.statements[0]!.text.sv;
    const r2 = check([{ file: FILE, data: noSv }]);
    expect(!r2.ok && r2.message).toContain('versions[0].statements[0].text.sv');
  });

  // The thresholds guard anonymity: an administrator may not go below the floor, nor show text before figures.
  it('refuses thresholds below 3 and a text threshold below the figures threshold', () => {
    const low = structuredClone(region) as typeof region & { region: { pulse: { minAnswers: number; minAnswersForText: number } } };
    low.region.pulse.minAnswers = 2;
    const r = checkConfig(low);
    expect(!r.ok && r.message).toContain('region.pulse.minAnswers');
    const inverted = structuredClone(region) as typeof low;
    inverted.region.pulse = { minAnswers: 6, minAnswersForText: 5 };
    const r2 = checkConfig(inverted);
    expect(!r2.ok && r2.message).toContain('region.pulse.minAnswersForText: must be at least region.pulse.minAnswers (6)');
  });
});
