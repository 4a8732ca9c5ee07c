/**
 * An image victim's input layout, as the image tools index it: `channels` planes of `side`×`side` pixels laid
 * out channels first (feature c·side² + r·side + col), as PyTorch and ART's CIFAR examples send them. The digits
 * are one channel (feature r·side + col); a CIFAR-10-like colour victim is 3 × 32 × 32.
 */
export interface ImageShape {
  side: number;
  channels: number;
}

/** The features of one channel's plane: side². */
export function planeSize(shape: ImageShape): number {
  return shape.side * shape.side;
}

/** The feature of channel `c`, row `r`, column `col`. */
export function feature(shape: ImageShape, c: number, r: number, col: number): number {
  return (c * shape.side + r) * shape.side + col;
}

/** A side alone is a single-channel image (the digits' victims name only their side). */
export function asShape(image: number | ImageShape): ImageShape {
  return typeof image === 'number' ? { side: image, channels: 1 } : image;
}
