import { describe, expect, it } from 'vitest';
import { CallerSlots } from '../../gateway/caller-slots.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('CallerSlots', () => {
  it('P-82 a caller runs as many as its slots at once, the next wait in order, and a full line is refused', async () => {
    const slots = new CallerSlots(2, 2);
    const order: string[] = [];
    const take = (name: string) => slots.acquire('a')?.then((release) => (order.push(name), release));
    const [first, second, third, fourth] = [take('1'), take('2'), take('3'), take('4')];
    expect(take('5')).toBeUndefined();
    const releaseFirst = await first!;
    await second;
    await settled();
    expect(order).toEqual(['1', '2']);
    releaseFirst();
    releaseFirst();
    await settled();
    // A release given twice frees one slot: the fourth still waits.
    expect(order).toEqual(['1', '2', '3']);
    (await third!)();
    await fourth;
    expect(order).toEqual(['1', '2', '3', '4']);
  });

  it('P-82 callers do not share slots, and a caller with none held or waiting is forgotten', async () => {
    const slots = new CallerSlots(1, 0);
    const a = await slots.acquire('a')!;
    expect(slots.acquire('a')).toBeNull();
    const b = await slots.acquire('b')!;
    expect(slots.size).toBe(2);
    a();
    b();
    expect(slots.size).toBe(0);
    expect(slots.acquire('a')).not.toBeNull();
  });
});
