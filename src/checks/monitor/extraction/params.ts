import { z } from 'zod';

/** The extraction detector's parameters (`detector.ts`), each with what it does and why it is where it is. */
export const ExtractionParams = z.strictObject({
  threshold: z.number().min(0).max(1).default(0.87).describe('alarm when the Shapiro–Wilk W of a client’s minimum distances falls below this (PRADA’s δ)'),
  minDistances: z.number().int().min(12).default(40).describe('distances a client must have before it is tested (PRADA’s code waits for 100)'),
  testEvery: z.number().int().min(1).default(10).describe('test each client every this many queries'),
  populationDeviations: z.number().min(0).default(4).describe('δ is lowered to the population’s median W less this many robust standard deviations when that is lower (each client’s latest W over 20 distances or more, once 5 clients give one; PRADA’s δ until then): natural minimum distances of low-dimensional readings, and of colour photographs (a scene’s sky or grass sets most of a distance), are skewed and their W sits below PRADA’s δ; 0 keeps δ'),
  confirmations: z.number().int().min(1).default(2).describe('consecutive tests whose W is below δ that raise the alarm (1: the first, as PRADA does); a natural tabular client whose W dipped just below δ over its first 40–50 distances was above it 10 queries later'),
  // On 50 tabular third-party runs the five natural clients W flagged had novelty 0.42–0.48, the 49 attackers W caught
  // first 0.54–0.83 (RESULTS.md, tenth session): W 0.83–0.86 over ~50 skewed natural distances, 2 of 40 on sensors 1714.
  wNoveltyFloor: z.number().min(0).max(1).default(0.5).describe('where novelty is measured to the nearest input (tabular inputs), PRADA’s alarm also needs the client’s inputs to lie farther out than this on average (their novelty mean rank among everyone’s): a natural client’s inputs rank as the population’s, ~0.5, whatever its W; 0 lets W alarm alone'),
  // Sixteenth session: at W's alarms on images, natural colour clients' residual mean rank was 0.47–0.52 (held-out seed
  // 2514, two flagged), JbDA's 0.59–0.86 (colour 2501, 2512, 2513; 28×28 digits 2401, 2531; 8×8 digits 2401), but 0.48
  // on 8×8 digits 2602, where 22 clients' W put the population above PRADA's δ: there W alarms alone.
  wResidualFloor: z.number().min(0).max(1).default(0.55).describe('on images (novelty from the centre), unless 5 clients’ W put the population at or above PRADA’s δ, PRADA’s alarm also needs the client’s new inputs to lie off the warm-up’s principal directions more than the population’s on average (their residual mean rank above this): natural colour scenes’ W falls below δ now and then, JbDA’s steps lie off the directions; 0 lets W alarm alone'),
  window: z.number().int().min(50).max(5000).default(400).describe('most recent minimum distances tested per client (bounded memory)'),
  // 64, not 100: the same catches, query for query, and the same benign flags on the 8×8 digits (201–206, 301–304; 201 and
  // 301 at bench scale too), digits-28 (701, 702), credit (801–803, 901–906) and the detection bench, for 0.94× the CPU
  // of the four numeric detectors (PRADA's catches come by the 40th–60th distance, before the set fills). At 48 JbDA's
  // catch moved on four seeds.
  growingSet: z.number().int().min(10).max(5000).default(64).describe('most inputs kept per client for the minimum-distance search'),
  trim: z.number().min(0).default(3).describe('drop distances more than this many standard deviations from the mean before testing (PRADA: 3); 0 keeps all'),
  lowMargin: z.number().min(0).max(1).default(0.3).describe('an answer whose top two scores are closer than this is on the decision boundary'),
  boundaryWindow: z.number().int().min(20).max(5000).default(100).describe('recent answers per client whose boundary share is tested'),
  boundaryZ: z.number().positive().default(6).describe('alarm when a client’s share of boundary answers exceeds the population’s by this many binomial standard deviations'),
  boundaryMinShare: z.number().min(0).max(1).default(0.3).describe('…and is at least this share'),
  boundaryCusum: z.number().min(0).default(12).describe('also alarm when a CUSUM of boundary answers (the population’s share against `boundaryMinShare`, in log-likelihood ratios) exceeds this; 0 turns it off'),
  marginRankCusum: z.number().min(0).default(5).describe('also alarm when a CUSUM of the ranks of a client’s answer margins among the population’s (0.5 − rank − `marginRankDrift` per answer) exceeds this: natural queries chosen where the model is least sure (an extraction from a pool of natural inputs); 0 turns it off'),
  marginRankDrift: z.number().min(0).max(0.5).default(0.1).describe('what each answer’s rank must fall below 0.5 by to push the margin-rank CUSUM up'),
  marginRankWindow: z.number().int().min(20).max(5000).default(100).describe('recent answer margins per client that the margin-rank CUSUM runs over'),
  noveltyCusum: z.number().min(0).default(8).describe('also alarm when a CUSUM of the ranks of a client’s inputs’ distances from the warm-up’s (`noveltyScore`) among the population’s (rank − 0.5 − `noveltyDrift` per query) exceeds this: natural inputs of another distribution, as Copycat and KnockoffNets query; 0 turns it off'),
  // 0.15 for nearest distances (tabular inputs): their ranks separate less than the images' distances from the mean
  // (Copycat 0.69–0.82 on sensors seeds 1201 and 1612; the digits' transfer sets 0.92–0.95). From the mean at 0.25,
  // Copycat and KnockoffNets on sensors were late (103–193 of 500) 8 times on 7 of 15 seeds; to the nearest at 0.15,
  // once (1201, at 103), with the largest benign CUSUM 5.2 of 8. Images 0.2 (0.25 until the fourteenth session: Copycat
  // on held-out digits-28 seed 2401 ranked 0.80–0.82 for 500 queries, its CUSUM over 100 of them 5–7, and was missed);
  // at 0.15 a one-class digits client's CUSUM reached 7.1 of 8 (seed 1622), at 0.2 4.5, other benign clients 0.8.
  noveltyDrift: z.number().min(0).max(0.5).optional().describe('what each query’s novelty rank must exceed 0.5 by to push the novelty CUSUM up; by default 0.2 for distances from the mean, 0.15 for nearest distances (`noveltyScore`)'),
  noveltyScore: z.enum(['auto', 'mean', 'nearest']).default('auto').describe('how far out an input lies: its distance from the mean of the warm-up’s inputs, or to the nearest of them another client sent (`novelty.ts`); `auto` takes the nearest where the common scale applies (tabular inputs in different units, whose modes and correlations the mean does not see) and the mean on images'),
  noveltyWindow: z.number().int().min(20).max(5000).default(100).describe('recent queries per client that the novelty CUSUM runs over'),
  // Sixteenth session: Copycat and KnockoffNets on the held-out colour victim ranked only 0.75–0.80 for distance from the
  // centre (late on 3 of 6 seeds), but half of their inputs lay farther off the warm-up's principal directions than 95%
  // of the population's, where a natural client's lay about 5% of the time (RESULTS.md, sixteenth session).
  residualCusum: z.number().min(0).default(10).describe('where novelty is measured from the centre (images under `auto`), also alarm when a CUSUM of a client’s new inputs (near-copies and re-sends of its own left out) lying farther off the warm-up’s principal directions than the population’s robust tail (`residualDeviations`) reaches this (each such input adds log(`residualShare`/0.05), each other one log((1 − `residualShare`)/0.95)): images unlike the victim’s in their make, as a transfer set of another distribution is; 0 turns it off'),
  residualDeviations: z.number().positive().default(2.5).describe('the residual test’s cut: the population’s median distance off the principal directions plus this many robust standard deviations (1.4826 × the median absolute deviation; about 5% of natural inputs lay beyond it on seven held-out image logs, 3.6–7.2%, measured offline)'),
  residualShare: z.number().gt(0.05).lt(1).default(0.3).describe('the share of a client’s new inputs beyond the cut that the residual CUSUM is tuned to detect (its alternative; natural clients’ share is about 0.05)'),
  // 0.14, not 0.25: JbDA's λ = 0.1 sign steps land 0.15–0.22 of the typical distance from their parent (third-party
  // traffic, seed 101), so at 0.25 a Jacobian-augmentation extraction was left to evasion-search, which has no reason to
  // flag it; evasion searches' probes sit below 0.12 (HopSkipJump 0.01–0.03, BoundaryAttack 0.01–0.12, ZOO and GeoDA ~0).
  nearDuplicate: z.number().min(0).default(0.14).describe('a minimum distance below this share of the typical distance between inputs is a near-duplicate'),
  oneLabelShare: z.number().min(0).max(1).default(0.75).describe('the answer-side tests (boundary share and CUSUM, margin ranks) leave alone a client more than this share of whose answers so far are one label: it asks about one class, and a copy of the model needs them all'),
  // Seventeenth session: one-class clients flagged by the margin ranks on colour 2511, 2514, 2531 spread 0.36–0.48 of the
  // population; natural clients 0.61–1.32, the transfer-set extractions 1.02–1.86, the pool extractor 0.89–0.93.
  // Eighteenth session: a one-class client on fresh 8×8 digits 2697 (a digit class far from the centre of all) was
  // named an extraction by its novelty ranks (0.88). Narrow alone would also pass a transfer set of sparse strokes
  // (little variance along the population's directions), so the novelty test needs one label too.
  narrowSpread: z.number().min(0).max(1).default(0.55).describe('the answer-side tests also leave alone a client whose new inputs so far (20 or more) spread less than this share of the population’s in the warm-up’s principal directions: it asks about one kind of input, which a weak model answers with several labels, and a copy of the model needs them all; where novelty is measured from the centre (images), a client both this narrow and answered one label (`oneLabelShare`) is left alone by the novelty test too: one class may lie far from the centre of all; 0 turns this off'),
  abstainAbove: z.number().min(0).max(1).default(0.4).describe('leave to the evasion-search detector a client more than this share of whose recent queries are near-duplicates'),
  warmup: z.number().int().min(10).default(200).describe('events (all clients) that set the typical distance between inputs and the features’ common scale; PRADA’s distances of these events are measured when they are in'),
  commonScale: z.enum(['auto', 'on', 'off']).default('auto').describe('measure PRADA’s, the near-copy and the novelty distances over features each divided by its spread among the warm-up’s inputs (two-valued features by their range): `auto` when the features are in different units (the widest range over 10 times the median one: amounts beside counts and categories), `on` always, `off` never (raw L2, as PRADA)'),
  valueDomain: z.enum(['auto', 'on', 'off']).default('auto').describe('learn each feature’s values at the warm-up (its grid: integers, one-hot 0/1, amounts in hundreds; its range) and count a client’s inputs that leave them (`value-domain.ts`): `auto` where the common scale applies (tabular inputs in different units), `on` always, `off` never. Images are left out under `auto`: on the 8×8 digits evasion searches’ first probes (GeoDA, Parsimonious) leave the pixels’ 1/16 grid before they are near-copies, and were named extractions too'),
  // Eighteenth session: JbDA on fresh 8×8 digits ran under a population's δ lowered by the spread of a few high natural
  // W (2682: 290 of 800, 2694: 190); its steps leave the pixels' 1/16 grid at once, natural digits never do.
  offGridW: z.number().min(0).default(3).describe('on images whose pixels keep to a grid in the warm-up (`value-domain.ts`, `imageGrid`), PRADA’s W alarms below δ with no other test to agree (neither the population’s figure at or above PRADA’s δ nor the residual floor) once the client’s off-grid CUSUM (as `offDomainCusum` counts it) reaches this: Jacobian augmentation’s λ·sign steps leave the grid at once, natural images never do; 0 turns this off'),
  offDomainFeatures: z.number().int().min(1).default(2).describe('an input is off the domain when at least this many of its features are off their grid or range: one (a typo, a column whose unit changed) is data, not synthesis'),
  offDomainCusum: z.number().min(0).default(10).describe('alarm when a CUSUM of a client’s off-domain inputs (+1 each, −`offDomainDrift` for each on the domain; near-copies of its own inputs not counted: a search’s, left to evasion-search) reaches this: synthetic inputs, as Jacobian augmentation makes them; 0 turns it off'),
  offDomainDrift: z.number().min(0).max(1).default(0.2).describe('what each input on the domain takes off the off-domain CUSUM: a client at up to this share of off-domain inputs drifts back to 0'),
  maxClients: z.number().int().min(1).default(10_000).describe('clients tracked at once; the least recently seen is evicted'),
  maxStateMb: z.number().min(1).default(384).describe('megabytes of client state kept at most (typed arrays: kept inputs, indexes); beyond it the least recently seen clients are evicted, checked every 1,024 events (784-pixel inputs take ~0.4 MB a client here)'),
});
export type ExtractionParams = z.output<typeof ExtractionParams>;

/** The share of natural inputs beyond the residual test's cut (`residualDeviations`: 3.6–7.2% on seven held-out image logs, measured offline). */
export const NATURAL_TAIL = 0.05;

/** The novelty CUSUM's drift by default (`noveltyDrift` unset): for distances from the mean (images), and to the nearest input (tabular). */
export const MEAN_DRIFT = 0.2;
export const NEAREST_DRIFT = 0.15;
