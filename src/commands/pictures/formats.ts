/* The picture formats, for the CLI's `--format` (which loads no drawing code until a command draws). */
export { PICTURE_FORMATS, type PictureFormat } from '../../pictures/picture.js';
