// torch.device: only the CPU exists, so a device that names another one is refused (checkDevice).
import { builtin, checkDevice, registerPyClass } from './args.js';

const DEVICE = builtin(['Device(device device)', 'Device(str type, int? index=None)']);

export class Device {
  constructor(readonly type: string, readonly index: number | null = null) {}
  toString(): string { return this.index === null ? this.type : `${this.type}:${this.index}`; }
}
registerPyClass(Device, 'torch.device');

/** torch.device('cpu'), torch.device('cpu', 0), torch.device({type: 'cpu', index: 0}). */
export function device(...args: unknown[]): Device {
  const [a, k] = DEVICE.parse(args);
  if (k === 0 && a.device instanceof Device) return a.device;
  const name = String(k === 0 ? a.device : a.type);
  checkDevice(name);
  const m = /:(\d+)$/.exec(name);
  return new Device('cpu', a.index === null || a.index === undefined ? (m ? Number(m[1]) : null) : a.index as number);
}
