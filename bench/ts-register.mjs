// Lets plain Node run a bench/*.ts file directly (node --import ./bench/ts-register.mjs <file>).
import { register } from 'node:module';
register('../scripts/ts-hooks.mjs', import.meta.url);
