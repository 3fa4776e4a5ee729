// The scalar fields of a plan file, shared by its parts. Messages are bilingual "Vietnamese / English"
// because they reach office staff directly.
import { z } from 'zod';
import { DateTime } from 'luxon';
import { VN_ZONE } from './calendar.ts';

export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'chỉ dùng chữ thường không dấu, số và dấu gạch ngang / use lowercase letters, digits and hyphens',
  })
  .max(60, { message: 'tối đa 60 ký tự / at most 60 characters' });

export const text = z.string().trim().min(1, { message: 'không được để trống / must not be empty' });

/** A local date, yyyy-mm-dd, that exists in the calendar (2016-06-31 does not). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'ngày phải có dạng yyyy-mm-dd / a date must be yyyy-mm-dd' })
  .refine((s) => DateTime.fromISO(s, { zone: VN_ZONE }).isValid, {
    message: 'ngày không tồn tại / no such date',
  });

export const email = z.email({ message: 'không phải địa chỉ email / not an email address' });

export const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'giờ phải có dạng HH:MM / a time must be HH:MM' });

export const year = z
  .number({ message: 'năm phải là một số / a year must be a number' })
  .int({ message: 'năm phải là số nguyên / a year must be a whole number' })
  .min(1900, { message: 'năm từ 1900 / a year from 1900' })
  .max(2199, { message: 'năm đến 2199 / a year up to 2199' });

/** A list of unit codes, e.g. the coordinating units (phối hợp) of a task. */
export const unitCodes = z.array(slug).default([]);
