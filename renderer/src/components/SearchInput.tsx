/**
 * Search as you type that waits for the end of IME composition: while a Chinese input method is
 * composing (pinyin letters on screen), nothing is searched; the finished characters are.
 */
import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useRef, useState } from 'react';

export interface SearchInputProps {
  onSearch: (text: string) => void;
  placeholder?: string;
  testId?: string;
  ariaLabel?: string;
  /** The text it starts with (a list coming back to its last search). */
  initial?: string;
}

export function SearchInput({
  onSearch,
  placeholder,
  testId = 'search-input',
  ariaLabel,
  initial = '',
}: SearchInputProps) {
  const [text, setText] = useState(initial);
  const composing = useRef(false);
  const sent = useRef(initial);
  const send = (value: string): void => {
    if (value === sent.current) return;
    sent.current = value;
    onSearch(value);
  };
  return (
    <Input
      prefix={<SearchOutlined />}
      data-testid={testId}
      aria-label={ariaLabel ?? placeholder}
      allowClear
      value={text}
      placeholder={placeholder}
      onChange={(e) => {
        setText(e.target.value);
        if (!composing.current) send(e.target.value);
      }}
      onCompositionStart={() => {
        composing.current = true;
      }}
      onCompositionEnd={(e) => {
        composing.current = false;
        send(e.currentTarget.value);
      }}
      onPressEnter={(e) => send(e.currentTarget.value)}
      style={{ maxWidth: 360 }}
    />
  );
}
